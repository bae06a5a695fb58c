/**
 * Path validation is the costly part of trust evaluation (asynchronous WebCrypto signature checks
 * in pkijs), and one signer's certificate comes back in thousands of documents, each with its own
 * endorsement time. Signatures do not change with time, so a path found once stays a path: later
 * evaluations only re-check that every certificate on it is valid at the new instant, and validate
 * afresh when one is not. Failures are not cached: they may depend on the instant.
 */
import type { CertificateInfo } from "./certificate";
import { validateChain, type ChainResult } from "./chain";
import type { TrustStore } from "./trust-store";

const MAX_PATHS_PER_STORE = 1024;
const paths = new WeakMap<TrustStore, Map<string, CertificateInfo[]>>();

export async function validateChainCached(
  leaf: CertificateInfo,
  store: TrustStore,
  intermediates: CertificateInfo[],
  at: Date,
): Promise<ChainResult> {
  let cache = paths.get(store);
  if (!cache) paths.set(store, (cache = new Map()));
  const key = [leaf, ...intermediates].map((c) => c.fingerprintSha256).join("/");
  const cached = cache.get(key);
  if (cached && cached.every((c) => at >= c.notBefore && at <= c.notAfter)) return { valid: true, path: cached };

  const result = await validateChain(leaf, store.anchors, intermediates, at);
  if (result.valid) {
    if (cache.size >= MAX_PATHS_PER_STORE) cache.delete(cache.keys().next().value as string);
    cache.set(key, result.path);
  }
  return result;
}
