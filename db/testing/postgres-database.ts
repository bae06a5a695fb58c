/**
 * A fresh database per test file (or per HTTP test server) on the PostgreSQL server of the test run,
 * whose superuser URL db/testing/global-setup.ts puts in TEST_POSTGRES_URL.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEST_POSTGRES_URL = "TEST_POSTGRES_URL";

export function testPostgresUrl(): string {
  const url = process.env[TEST_POSTGRES_URL];
  if (!url) {
    throw new Error(
      "TEST_DATABASE=postgres but no server: add db/testing/global-setup.ts to the vitest globalSetup, or set TEST_POSTGRES_URL",
    );
  }
  return url;
}

/** Creates an empty database and returns its URL. */
export async function createTestDatabaseUrl(): Promise<string> {
  const admin = testPostgresUrl();
  const name = `marketplace_test_${randomBytes(6).toString("hex")}`;
  await withClient(admin, (client) => client.query(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^marketplace_test_[0-9a-f]+$/.test(name)) throw new Error(`not a test database: ${name}`);
  await withClient(testPostgresUrl(), (client) => client.query(`drop database if exists ${name} with (force)`));
}

async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
