import "server-only";
/** Start-up of the server process: database open and migrated, demo data, inspection pool warm. */
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { ensureDemoData } from "./demo-data";
import { inspector } from "./inspector";
import { logger } from "./logger";

export async function startServer(): Promise<void> {
  await getDb();
  inspector();
  await ensureDemoData();
  logger.info("marketplace ready", {
    database: env.DATABASE_URL ? "postgresql" : `pglite ${env.dataDir}`,
    uploadConfirmation: env.UPLOAD_CONFIRMATION,
    type: env.MARKETPLACE_TYPE,
    trustPolicy: env.TRUST_POLICY,
  });
}
