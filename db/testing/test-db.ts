/**
 * The database of one test file: an in-memory PGlite, or with TEST_DATABASE=postgres a fresh database
 * on the run's PostgreSQL server. `setupTestDb()` installs it as the process's database for the file,
 * so the data-access functions under test (and route handlers calling them) use it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { installDb, type Db, type DbHandle } from "../client";
import { openPglite, openPostgres } from "../open";
import { bumpDataVersion } from "../store-entry";
import { createTestDatabaseUrl, dropTestDatabase } from "./postgres-database";

export type TestDatabaseKind = "pglite" | "postgres";

export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.TEST_DATABASE ?? "pglite";
  if (kind !== "pglite" && kind !== "postgres") throw new Error(`TEST_DATABASE must be pglite or postgres, not ${kind}`);
  return kind;
}

export async function openTestDb(): Promise<DbHandle> {
  if (testDatabaseKind() === "pglite") return openPglite();
  const url = await createTestDatabaseUrl();
  const handle = await openPostgres(url, { max: 6 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await dropTestDatabase(url);
    },
  };
}

export interface TestDb {
  readonly db: Db;
  readonly handle: DbHandle;
  /** Empties every table (the data version keeps growing, so no cached count survives). */
  reset(): Promise<void>;
}

export function setupTestDb(): TestDb {
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await openTestDb();
    installDb(handle);
  });
  afterAll(async () => {
    installDb(undefined);
    await handle?.close();
  });
  const current = () => {
    if (!handle) throw new Error("the test database is opened in beforeAll");
    return handle;
  };
  return {
    get db() {
      return current().db;
    },
    get handle() {
      return current();
    },
    reset: async () => {
      const { db } = current();
      await db.execute(
        sql`truncate entry_documents, entries, endorsers, endorser_keys, certificates, upload_events, audit_log, jobs, outbox, pending_uploads, email_links, api_tokens, user_certificates, user_emails, auth_accounts, auth_sessions, auth_verification_tokens, users restart identity cascade`,
      );
      await bumpDataVersion(db);
    },
  };
}
