import "server-only";
/**
 * Start-up and shutdown of the application, run by the server process (lib/http-server) through the
 * hooks instrumentation.ts publishes: the database opened and migrated, demo data, the inspection
 * pool started; on shutdown both closed (PGlite checkpoints and releases its data-directory lock).
 */
import { closeDb, getDb } from "@/db/client";
import { env } from "@/lib/env";
import { ensureDemoData } from "./demo-data";
import { ensureDemoAccountsIfDemo, ensureFirstAdmin } from "./accounts/start-accounts";
import { authSecret } from "./auth/secret";
import { inspector } from "./inspector";
import { startJobs, stopJobs } from "./jobs";
import { logger } from "@/lib/logger";

export async function startServer(): Promise<void> {
  await getDb();
  inspector();
  await ensureDemoData();
  authSecret();
  await ensureFirstAdmin();
  await ensureDemoAccountsIfDemo();
  startJobs();
  logger.info("marketplace ready", {
    database: env.DATABASE_URL ? "postgresql" : `pglite ${env.dataDir}`,
    uploadConfirmation: env.UPLOAD_CONFIRMATION,
    type: env.MARKETPLACE_TYPE,
    trustPolicy: env.TRUST_POLICY,
  });
}

export async function stopServer(): Promise<void> {
  // The job workers finish (or give up) their jobs while the database is still open.
  await stopJobs().catch(() => undefined);
  await Promise.allSettled([closeDb(), inspector().close()]);
}
