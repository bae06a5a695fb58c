import "server-only";
/**
 * Table statistics and visibility maps. A PostgreSQL server's autovacuum keeps them current. The
 * embedded PGlite runs PostgreSQL in single-user mode, where autovacuum never runs: without this the
 * planner would keep the statistics of an empty table and index-only scans would visit the heap. So a
 * PGlite database is analyzed on open when its statistics are stale, and vacuumed and analyzed again
 * after every AUTO_MAINTENANCE_WRITES stored entries (cheap: only changed pages are visited).
 */
import { sql } from "drizzle-orm";
import { logger } from "@/lib/logger";
import type { Db } from "./client";
import { executeRows } from "./execute-rows";

export const AUTO_MAINTENANCE_WRITES = 500;

const managed = new WeakMap<Db, { writes: number; running?: Promise<void> }>();

/** One table per statement: on the embedded database each is its own turn, so requests run in between. */
export async function vacuumAnalyze(db: Db): Promise<void> {
  for (const table of ["entries", "entry_documents", "endorsers", "endorser_keys", "certificates"])
    await db.execute(sql.raw(`vacuum (analyze) ${table}`));
}

/** For a database without autovacuum (PGlite): analyze now if the statistics are stale, then after writes. */
export async function manageMaintenance(db: Db): Promise<void> {
  managed.set(db, { writes: 0 });
  const [row] = await executeRows<{ estimated: number; actual: number }>(
    db,
    sql`select c.reltuples::float8 as estimated, (select count(*) from entries)::float8 as actual from pg_class c where c.oid = 'entries'::regclass`,
  );
  if (!row || row.actual === 0) return;
  if (row.estimated < 0 || Math.abs(row.actual - row.estimated) > Math.max(1_000, row.actual * 0.1)) await vacuumAnalyze(db);
}

/** Called after committed writes; schedules maintenance of managed databases in the background. */
export function noteWrites(db: Db, count: number): void {
  const state = managed.get(db);
  if (!state) return;
  state.writes += count;
  if (state.writes < AUTO_MAINTENANCE_WRITES || state.running) return;
  state.writes = 0;
  state.running = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(() => vacuumAnalyze(db))
    .catch((error: unknown) => {
      logger.warn("database maintenance failed", { error: String(error) });
    })
    .finally(() => {
      state.running = undefined;
    });
}
