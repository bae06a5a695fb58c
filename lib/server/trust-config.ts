import "server-only";
/**
 * Where the server's trust anchors and CRLs live: CA_DIR and CRL_DIR, or by default `<DATA_DIR>/ca`
 * (created empty), so an operator drops PEM files there without configuring anything.
 */
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import type { TrustStoreConfig } from "@/lib/metadata/pki/trust";

export function trustConfig(): TrustStoreConfig {
  const caDir = env.CA_DIR ?? path.join(env.dataDir, "ca");
  if (!env.CA_DIR) fs.mkdirSync(caDir, { recursive: true });
  return { caDir, crlDir: env.CRL_DIR };
}
