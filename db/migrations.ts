/**
 * Where the committed migrations live and the checks around drizzle's migrator. The migrator applies a
 * migration only when its journal `when` is later than the newest applied one (a high-water mark, not
 * a set), so a migration merged out of timestamp order would be skipped silently on existing
 * databases (drizzle-team/drizzle-orm#5769): the journal must increase strictly, and afterwards the
 * database must record at least as many migrations as the journal lists.
 */
import fs from "node:fs";
import path from "node:path";

interface Journal {
  entries: Array<{ idx: number; when: number; tag: string }>;
}

/** `db/migrations` of the project: the server and the tests run from the project root. */
export function migrationsFolder(): string {
  return path.resolve(process.cwd(), "db", "migrations");
}

export function readJournal(folder = migrationsFolder()): Journal {
  const file = path.join(folder, "meta", "_journal.json");
  if (!fs.existsSync(file)) throw new Error(`no database migrations at ${folder} (the server must run from the project directory)`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as Journal;
}

/** Throws when a migration would be skipped on an existing database. */
export function checkJournalOrder(journal: Journal): void {
  for (let i = 1; i < journal.entries.length; i++) {
    const previous = journal.entries[i - 1]!;
    const entry = journal.entries[i]!;
    if (entry.when <= previous.when) {
      throw new Error(`migration ${entry.tag} is dated before ${previous.tag}: existing databases would skip it; regenerate or restamp it`);
    }
  }
}

export function checkAppliedCount(applied: number, journal: Journal): void {
  if (applied < journal.entries.length) {
    throw new Error(`the database records ${applied} migrations but ${journal.entries.length} exist: some were skipped`);
  }
}
