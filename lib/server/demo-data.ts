import "server-only";
/**
 * Demo appliances on the first start of an empty database (DEMO_DATA, on by default for the embedded
 * database): when it holds no entry at all, the demo entries are signed and stored through the same
 * path as uploads.
 * With the default trust directory the demo CA is added to it, so the demo shows trusted entries.
 */
import fs from "node:fs";
import path from "node:path";
import { countEntries, storeEntry } from "@/db";
import { buildDemoEntries } from "@/lib/demo/build-demo-entries";
import { env } from "@/lib/env";
import { inspector } from "./inspector";
import { logger } from "@/lib/logger";
import { trustConfig } from "./trust-config";

export async function ensureDemoData(): Promise<void> {
  if (env.DEMO_DATA !== "on") return;
  if ((await countEntries()) > 0) return;
  const started = Date.now();
  const demo = await buildDemoEntries();
  if (!env.CA_DIR) fs.writeFileSync(path.join(trustConfig().caDir as string, "demo-ca.pem"), demo.caPem);
  for (const document of demo.documents) {
    const xml = Buffer.from(document);
    const inspection = await inspector().inspect(xml, { include: { rdfJson: true } });
    if (!inspection.valid) throw new Error(`a demo entry is invalid: ${inspection.problems[0]?.message}`);
    await storeEntry({ xml, inspection, source: { address: "demo-data" } });
  }
  logger.info("demo appliances added", {
    entries: demo.documents.length,
    ms: Date.now() - started,
    off: "set DEMO_DATA=off to start empty",
  });
}
