/** Worker entry: one metadata inspection per task (see ../inspector.ts). */
import { inspectMetadata, type InspectOptions } from "../inspect";
import { loadTrustStore, type TrustStoreConfig } from "../pki/trust";

export interface InspectTask {
  input: Uint8Array | string;
  options: Omit<InspectOptions, "trustStore" | "now"> & { trust?: TrustStoreConfig; now?: string };
}

export default async function inspectTask({ input, options }: InspectTask) {
  const { trust, now, ...rest } = options;
  const trustStore = trust && (trust.caDir || trust.crlDir) ? await loadTrustStore(trust) : undefined;
  return inspectMetadata(input, { ...rest, trustStore, ...(now ? { now: new Date(now) } : {}) });
}
