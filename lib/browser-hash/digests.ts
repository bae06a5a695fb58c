/**
 * The four digests of an image (hash-wasm's WebAssembly hashers) and how to share them between Web
 * Workers. One thread cannot keep up with the CLI: WebAssembly has no SHA instructions, and the four
 * together run at ~90 MiB/s on one core, so the digests are split into groups of about equal cost,
 * one group per worker, each worker seeing every byte.
 */
import { createMD5, createSHA1, createSHA256, createSHA512, type IHasher } from "hash-wasm";

export const DIGEST_NAMES = ["md5", "sha1", "sha256", "sha512"] as const;
export type DigestName = (typeof DIGEST_NAMES)[number];
export type DigestValues = Partial<Record<DigestName, string>>;

// Seconds per GiB of each hasher in a Web Worker of headless Chromium on the benchmark machine
// (hash-wasm 4.13, 1 MiB updates); only their ratios matter. Node's V8 runs them about twice as slow.
const COST: Record<DigestName, number> = { md5: 2.76, sha1: 2.02, sha256: 3.89, sha512: 2.65 };

const CREATE: Record<DigestName, () => Promise<IHasher>> = {
  md5: createMD5,
  sha1: createSHA1,
  sha256: createSHA256,
  sha512: createSHA512,
};

export interface DigestSet {
  update(bytes: Uint8Array): void;
  digests(): DigestValues;
}

export async function createDigestSet(names: readonly DigestName[]): Promise<DigestSet> {
  const hashers = await Promise.all(names.map(async (name) => [name, await CREATE[name]()] as const));
  for (const [, hasher] of hashers) hasher.init();
  return {
    update(bytes) {
      for (const [, hasher] of hashers) hasher.update(bytes);
    },
    digests: () => Object.fromEntries(hashers.map(([name, hasher]) => [name, hasher.digest("hex")])),
  };
}

/**
 * The digests split into at most `workers` groups of near-equal cost (longest first, each to the
 * least loaded group), lightest group first: the first goes to the worker that also reads and
 * decompresses the file.
 */
export function planDigestGroups(workers: number): DigestName[][] {
  const count = Math.max(1, Math.min(DIGEST_NAMES.length, Math.floor(workers) || 1));
  const groups = Array.from({ length: count }, () => ({ names: [] as DigestName[], cost: 0 }));
  for (const name of [...DIGEST_NAMES].sort((a, b) => COST[b] - COST[a])) {
    const lightest = groups.reduce((best, group) => (group.cost < best.cost ? group : best));
    lightest.names.push(name);
    lightest.cost += COST[name];
  }
  return groups.sort((a, b) => a.cost - b.cost).map((group) => group.names);
}
