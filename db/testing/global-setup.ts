/**
 * vitest globalSetup for the data-layer suites. With TEST_DATABASE=postgres it starts a throwaway
 * PostgreSQL server for the whole run (unless TEST_POSTGRES_URL already names one), exports its
 * superuser URL as TEST_POSTGRES_URL to the test workers, and stops it at teardown. With
 * TEST_DATABASE=pglite (the default) it does nothing: each test file opens an in-memory PGlite.
 */
import { startPostgresServer } from "./postgres-server";
import { TEST_POSTGRES_URL } from "./postgres-database";

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE !== "postgres" || process.env[TEST_POSTGRES_URL]) return undefined;
  const server = await startPostgresServer();
  process.env[TEST_POSTGRES_URL] = server.url;
  return async () => {
    delete process.env[TEST_POSTGRES_URL];
    await server.stop();
  };
}
