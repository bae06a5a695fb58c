import "server-only";
/** The server's one inspection pool, configured from the environment, kept across HMR reloads. */
import { env } from "@/lib/env";
import { MetadataInspector } from "@/lib/metadata/inspector";
import { trustConfig } from "./trust-config";

const globalForInspector = globalThis as unknown as { metadataInspector?: MetadataInspector };

export function inspector(): MetadataInspector {
  globalForInspector.metadataInspector ??= new MetadataInspector({
    trust: trustConfig(),
    trustPolicy: env.TRUST_POLICY,
    limits: { maxBytes: env.MAX_UPLOAD_BYTES },
    // Uploads beyond this wait list get 503 rather than queueing without end.
    maxQueue: 256,
    // Checking uploads uses every idle cycle, but yields to the threads that answer requests.
    niceness: 10,
  });
  return globalForInspector.metadataInspector;
}
