import "server-only";
/**
 * Opening a database and bringing its schema up to date, for either backend: the embedded PGlite
 * (a data directory, or in memory for tests) or a PostgreSQL server through a node-postgres pool.
 * Both run the committed migrations on open; db/client.ts keeps one opened database per process.
 */
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { logger } from "@/lib/logger";
import { backfillKeyContinuity } from "./backfill-keys";
import { executeRows } from "./execute-rows";
import { checkAppliedCount, checkJournalOrder, migrationsFolder, readJournal } from "./migrations";
import { manageMaintenance } from "./maintenance";
import { acquireDataDirLock } from "./pglite-lock";
import { RemotePglite } from "./pglite-worker/remote-pglite";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The database as the data layer uses it, whichever driver is behind. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  driver: Driver;
  close(): Promise<void>;
}

/** Session settings on every PostgreSQL connection: timestamps are always rendered in UTC. */
const SESSION_OPTIONS = "-c TimeZone=UTC";
/** pg_advisory_lock key held while migrating, so several servers starting together migrate once. */
const MIGRATION_LOCK_KEY = "7165037425946175088";

/**
 * The embedded database, in a thread of its own (db/pglite-worker): its statements never block the
 * server's event loop. `dataDir` undefined: an in-memory database (tests).
 */
export async function openPglite(dataDir?: string): Promise<DbHandle> {
  const lock = dataDir === undefined ? undefined : acquireDataDirLock(dataDir);
  let client: RemotePglite | undefined;
  try {
    if (dataDir !== undefined) fs.mkdirSync(dataDir, { recursive: true });
    client = await RemotePglite.create({ dataDir });
    // drizzle's PGlite driver needs only query() and transaction(), which the remote client provides.
    const db = drizzlePglite({ client: client as never, schema });
    const journal = readJournal();
    checkJournalOrder(journal);
    await migratePglite(db, { migrationsFolder: migrationsFolder() });
    checkAppliedCount(await appliedMigrations(db as unknown as Db), journal);
    await backfillKeyContinuity(db as unknown as Db);
    await manageMaintenance(db as unknown as Db);
    const opened = client;
    return {
      db: db as unknown as Db,
      driver: "pglite",
      close: async () => {
        try {
          await opened.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    await client?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<DbHandle> {
  await migratePostgres(url);
  // A request waits at most 10 s for a connection, then gets 503 with Retry-After rather than hanging.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, options: SESSION_OPTIONS, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", (error) => logger.warn("idle database connection lost", { error: error.message }));
  const db = drizzleNodePg({ client: pool, schema });
  try {
    await backfillKeyContinuity(db as unknown as Db);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return { db: db as unknown as Db, driver: "postgres", close: () => pool.end() };
}

async function migratePostgres(url: string): Promise<void> {
  const journal = readJournal();
  checkJournalOrder(journal);
  const client = new pg.Client({ connectionString: url, options: SESSION_OPTIONS });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    const db = drizzleNodePg({ client });
    await migrateNodePg(db, { migrationsFolder: migrationsFolder() });
    checkAppliedCount(await appliedMigrations(db as unknown as Db), journal);
  } finally {
    await client.query("select pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function appliedMigrations(db: Db): Promise<number> {
  const [row] = await executeRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(row?.n ?? 0);
}
