/**
 * A fresh database of the run's kind (PGlite or PostgreSQL) for a test that works on it through the
 * data layer (accounts, tokens, a failing trigger) before a server starts on it, and reads it after the
 * server stops (PGlite allows one process per data directory), across restarts of the server.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installDb } from "@/db/client";
import { openPglite, openPostgres, type DbHandle } from "@/db/open";
import { createTestDatabaseUrl, dropTestDatabase } from "@/db/testing/postgres-database";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { copyPgliteTemplate } from "./pglite-template";

export interface FreshDatabase {
  /** The servers' data directory, kept across restarts (on PostgreSQL too: the generated AUTH_SECRET is there). */
  dataDir: string;
  /**
   * Runs `work` with the database open and installed as this process's own, so db/ functions
   * (createUser, queueMail...) write to it; on PGlite only while no server runs on it.
   */
  use<T>(work: (handle: DbHandle) => Promise<T>): Promise<T>;
  start(env?: Record<string, string>): Promise<MarketplaceServer>;
  remove(): Promise<void>;
}

/** `kind`: the database of the run (TEST_DATABASE) by default; PGlite in a run on PostgreSQL, for a test that mixes both. */
export async function freshDatabase(
  kind: "pglite" | "postgres" = process.env.TEST_DATABASE === "postgres" ? "postgres" : "pglite",
): Promise<FreshDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-fresh-"));
  const removeDir = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  let open: () => Promise<DbHandle>;
  let start: (env: Record<string, string>) => Promise<MarketplaceServer>;
  let remove: () => Promise<void>;
  if (kind === "postgres") {
    const url = await createTestDatabaseUrl();
    open = () => openPostgres(url, { max: 2 });
    start = (env) => startMarketplace({ ...env, DATABASE_URL: url }, { dataDir });
    remove = async () => {
      await dropTestDatabase(url);
      await removeDir();
    };
  } else {
    copyPgliteTemplate(dataDir);
    open = () => openPglite(dataDir);
    start = (env) => startMarketplace(env, { dataDir, database: "pglite" });
    remove = removeDir;
  }
  return {
    dataDir,
    use: async (work) => {
      const handle = await open();
      installDb(handle);
      try {
        return await work(handle);
      } finally {
        installDb(undefined);
        await handle.close();
      }
    },
    start: (env = {}) => start(env),
    remove,
  };
}
