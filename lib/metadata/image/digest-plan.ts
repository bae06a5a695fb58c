/**
 * Which worker thread computes which digest. A digest is a sequential chain (each block depends on
 * the previous state), so one digest runs on one thread; what can be spread is the set of digests.
 */
export type DigestName = "md5" | "sha1" | "sha256" | "sha512";

export const ALL_DIGESTS: readonly DigestName[] = ["md5", "sha1", "sha256", "sha512"];

/**
 * Relative cost per byte (ns/byte, Node 20's OpenSSL 3.0 on the AMD EPYC development machine with
 * SHA-NI): MD5 ~745 MB/s, SHA-1 ~1820 MB/s, SHA-256 ~1700 MB/s, SHA-512 ~960 MB/s. Only the ratios matter.
 */
export const DIGEST_COST: Readonly<Record<DigestName, number>> = {
  md5: 1.34,
  sha1: 0.55,
  sha256: 0.59,
  sha512: 1.04,
};

/** The requested digests with SHA-1 always included (the identifier is derived from it), in canonical order. */
export function selectDigests(requested: readonly DigestName[] = ALL_DIGESTS): DigestName[] {
  const wanted = new Set<DigestName>([...requested, "sha1"]);
  return ALL_DIGESTS.filter((name) => wanted.has(name));
}

/**
 * Splits the digests into at most `threads` groups of nearly equal cost (largest first, each to the
 * cheapest group so far), one group per worker. Empty groups are dropped.
 */
export function planDigestWorkers(digests: readonly DigestName[], threads: number): DigestName[][] {
  const groups = Array.from({ length: Math.max(1, threads) }, () => ({ cost: 0, digests: [] as DigestName[] }));
  const byCost = [...digests].sort((a, b) => DIGEST_COST[b] - DIGEST_COST[a]);
  for (const name of byCost) {
    const cheapest = groups.reduce((best, group) => (group.cost < best.cost ? group : best));
    cheapest.digests.push(name);
    cheapest.cost += DIGEST_COST[name];
  }
  return groups.filter((group) => group.digests.length > 0).map((group) => group.digests);
}
