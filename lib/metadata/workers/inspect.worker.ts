/** Worker entry: one metadata inspection per task (see ../inspector.ts). */
import { inspectMetadata, type InspectOptions } from "../inspect";
import { serveTasks } from "./serve-tasks";
import { workerData } from "node:worker_threads";
import { loadTrustStore, type TrustStore, type TrustStoreConfig } from "../pki/trust";
import { lowerThreadPriority } from "./thread-priority";

const niceness = (workerData as { niceness?: number } | undefined)?.niceness ?? 0;
if (niceness > 0) lowerThreadPriority(niceness);

export interface InspectTask {
  input: Uint8Array | string;
  options: Omit<InspectOptions, "trustStore" | "now"> & { trust?: TrustStoreConfig; now?: string };
}

// Re-read the CA and CRL directories at most this often (the original refreshed CRLs every 10 min).
const TRUST_STORE_REFRESH_MS = 30_000;
let trustStore: { key: string; loadedAt: number; store: Promise<TrustStore> } | undefined;

function trustStoreFor(config: TrustStoreConfig): Promise<TrustStore> {
  const key = JSON.stringify([config.caDir, config.crlDir]);
  if (trustStore?.key !== key || Date.now() - trustStore.loadedAt > TRUST_STORE_REFRESH_MS) {
    const store = loadTrustStore(config);
    trustStore = { key, loadedAt: Date.now(), store };
    store.catch(() => {
      if (trustStore?.store === store) trustStore = undefined;
    });
  }
  return trustStore.store;
}

/** The Inspection as JSON text (see MetadataInspector.run). */
async function inspectTask({ input, options }: InspectTask): Promise<string> {
  const { trust, now, ...rest } = options;
  const store = trust && (trust.caDir || trust.crlDir) ? await trustStoreFor(trust) : undefined;
  return JSON.stringify(await inspectMetadata(input, { ...rest, trustStore: store, ...(now ? { now: new Date(now) } : {}) }));
}

serveTasks(inspectTask);
