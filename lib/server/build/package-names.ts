import "server-only";
/**
 * The Debian package names a build can install: those the build host's apt knows, since a built image
 * gets the host's own sources (host-apt.ts). For the wizard's type-ahead and for flagging an unknown
 * name when a draft is saved, before a build fails on it minutes later. `apt-cache pkgnames` (argv,
 * through runTool) once, kept for ten minutes; a host without apt lists answers "cannot tell", never
 * "unknown", so a check we cannot make refuses nothing.
 */
import { runTool } from "./run-tool";

const KEEP_MS = 10 * 60_000;

export interface PackageIndex {
  /** Sorted, for prefix search. */
  sorted: readonly string[];
  known: ReadonlySet<string>;
}

let cached: { at: number; index: Promise<PackageIndex | undefined> } | undefined;

export function indexOf(names: Iterable<string>): PackageIndex {
  const known = new Set<string>();
  for (const name of names) if (name) known.add(name);
  return { sorted: [...known].sort(), known };
}

/** The host's package names, or undefined when apt cannot list them (no apt, no lists). */
export function packageIndex(): Promise<PackageIndex | undefined> {
  if (!cached || Date.now() - cached.at > KEEP_MS) {
    const index = runTool("apt-cache", ["pkgnames"], { timeoutMs: 30_000, maxStdoutBytes: 64 * 1024 * 1024 })
      .then(({ stdout }) => indexOf(stdout.split("\n").map((line) => line.trim())))
      .then((index) => (index.known.size > 0 ? index : undefined))
      .catch(() => undefined);
    cached = { at: Date.now(), index };
  }
  return cached.index;
}

/** Up to `limit` names starting with `prefix`, in order (binary search to the first, then a walk). */
export function suggestPackages(index: PackageIndex, prefix: string, limit: number): string[] {
  let low = 0;
  let high = index.sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (index.sorted[middle]! < prefix) low = middle + 1;
    else high = middle;
  }
  const found: string[] = [];
  for (let at = low; at < index.sorted.length && found.length < limit && index.sorted[at]!.startsWith(prefix); at++) {
    found.push(index.sorted[at]!);
  }
  return found;
}

/** The positions and names of `names` the index does not hold. */
export function unknownPackages(index: PackageIndex, names: readonly string[]): { at: number; name: string }[] {
  return names.flatMap((name, at) => (index.known.has(name) ? [] : [{ at, name }]));
}
