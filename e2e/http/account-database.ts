/**
 * A fresh database of the run's kind (PGlite or PostgreSQL) that a test fills through the data layer
 * (accounts, tokens, endorser emails) before a server starts on it, and reads after it stops (PGlite
 * allows one process per data directory).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installDb } from "@/db/client";
import { openPglite, openPostgres, type DbHandle } from "@/db/open";
import { createTestDatabaseUrl, dropTestDatabase } from "@/db/testing/postgres-database";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { copyPgliteTemplate } from "./pglite-template";

export interface AccountDatabase {
  /** Runs `work` with the database installed as the process's own: db/ functions (createUser...) write to it. */
  use<T>(work: (handle: DbHandle) => Promise<T>): Promise<T>;
  start(env?: Record<string, string>): Promise<MarketplaceServer>;
  remove(): Promise<void>;
}

export async function accountDatabase(): Promise<AccountDatabase> {
  let open: () => Promise<DbHandle>;
  let start: (env: Record<string, string>) => Promise<MarketplaceServer>;
  let remove: () => Promise<void>;
  if (process.env.TEST_DATABASE === "postgres") {
    const url = await createTestDatabaseUrl();
    open = () => openPostgres(url, { max: 1 });
    start = (env) => startMarketplace({ ...env, DATABASE_URL: url });
    remove = () => dropTestDatabase(url);
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-accounts-"));
    copyPgliteTemplate(dataDir);
    open = () => openPglite(dataDir);
    start = (env) => startMarketplace(env, { dataDir });
    remove = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return {
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
