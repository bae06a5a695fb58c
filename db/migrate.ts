/**
 * `node --conditions=react-server --import tsx db/migrate.ts`: opens the configured database
 * (DATABASE_URL, else the PGlite in DATA_DIR), which applies the pending migrations, and closes it.
 * The server does the same on its first query; this is for deployments that migrate before starting.
 */
import { closeDb, getDbHandle } from "./client";

try {
  const { driver } = await getDbHandle();
  process.stdout.write(`database migrated (${driver})\n`);
  await closeDb();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
