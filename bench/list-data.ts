/**
 * The 100,000 entries of bench:list, loaded through the data layer's bulk insert (synthetic rows made
 * from one really signed entry: the listing never reads the documents). The PGlite data directory is
 * kept in bench/.cache between runs; PostgreSQL gets a fresh database on a throwaway server.
 */
import fs from "node:fs";
import path from "node:path";
import { installDb } from "@/db/client";
import { bulkInsertEntries } from "@/db/bulk-insert";
import { countEntries } from "@/db";
import { openPglite, openPostgres, type DbHandle } from "@/db/open";
import { createTestDatabaseUrl, TEST_POSTGRES_URL } from "@/db/testing/postgres-database";
import { startPostgresServer, type PostgresServer } from "@/db/testing/postgres-server";
import { signedUpload } from "@/db/testing/signed-entries";
import { syntheticEntries } from "@/db/testing/synthetic-entries";

export const BENCH_NOW = new Date("2026-11-25T12:00:00Z");

async function load(handle: DbHandle, count: number): Promise<number> {
  installDb(handle);
  try {
    const existing = await countEntries();
    if (existing >= count) return 0;
    const started = performance.now();
    const template = await signedUpload({ image: "bench-template", created: "2026-01-01T00:00:00Z" });
    await bulkInsertEntries(syntheticEntries(template, { count, now: BENCH_NOW }));
    return (performance.now() - started) / 1000;
  } finally {
    installDb(undefined);
    await handle.close();
  }
}

/** A PGlite data directory holding `count` entries (made once, then reused). */
export async function pgliteData(count: number): Promise<{ dataDir: string; loadSeconds: number }> {
  const dataDir = path.join(import.meta.dirname, ".cache", `list-pglite-${count}`);
  const marker = path.join(dataDir, ".bench-complete");
  if (fs.existsSync(marker)) return { dataDir, loadSeconds: 0 };
  fs.rmSync(dataDir, { recursive: true, force: true });
  const loadSeconds = await load(await openPglite(dataDir), count);
  fs.writeFileSync(marker, String(count));
  return { dataDir, loadSeconds };
}

/** A PostgreSQL server with a database holding `count` entries. */
export async function postgresData(count: number): Promise<{ server: PostgresServer; databaseUrl: string; loadSeconds: number }> {
  const server = await startPostgresServer();
  process.env[TEST_POSTGRES_URL] = server.url;
  const databaseUrl = await createTestDatabaseUrl();
  const loadSeconds = await load(await openPostgres(databaseUrl, { max: 4 }), count);
  return { server, databaseUrl, loadSeconds };
}
