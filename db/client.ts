import "server-only";
/**
 * The process's one database: PostgreSQL when DATABASE_URL is set, else the embedded PGlite in
 * DATA_DIR. Opened and migrated on first use; the promise lives on globalThis so module re-evaluation
 * (dev HMR) never opens a second PGlite on the same directory. A failed open is not cached.
 */
import { env } from "@/lib/env";
import { openPglite, openPostgres, type Db, type DbHandle } from "./open";

export type { Db, DbHandle, Driver } from "./open";

const SLOT = Symbol.for("appliance-marketplace.db");
type Slot = { [SLOT]?: Promise<DbHandle> };
const slot = globalThis as Slot;

export function getDbHandle(): Promise<DbHandle> {
  const existing = slot[SLOT];
  if (existing) return existing;
  const opening = (env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite(env.dataDir)).catch((error: unknown) => {
    if (slot[SLOT] === opening) delete slot[SLOT];
    throw error;
  });
  slot[SLOT] = opening;
  return opening;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Closes the database (PGlite checkpoints and releases its lock); the next getDb() opens it again. */
export async function closeDb(): Promise<void> {
  const existing = slot[SLOT];
  delete slot[SLOT];
  if (existing) await (await existing.catch(() => undefined))?.close();
}

/**
 * Makes `handle` the process's database (tests, scripts): every data-access function then uses it.
 * `undefined` forgets the installed one without closing it.
 */
export function installDb(handle: DbHandle | undefined): void {
  if (handle) slot[SLOT] = Promise.resolve(handle);
  else delete slot[SLOT];
}
