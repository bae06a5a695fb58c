import "server-only";
/**
 * A tarball extracted into a root filesystem as the image's root, keeping what an image needs:
 * numeric owners, modes (setuid bits included), extended attributes (file capabilities) and ACLs.
 * The server reads the tarball and feeds it in, so the directory it sits in need not be open to the
 * image's ids. Used for the base (resolve-base.ts) and the canonical tree (canonical-tree.ts).
 */
import type { ToolLog } from "./run-tool";
import type { Runner } from "./sandbox";

export async function extractTree(
  run: Runner,
  tarball: string,
  root: string,
  options: { exclude?: readonly string[]; signal?: AbortSignal; log?: ToolLog } = {},
): Promise<void> {
  await run(
    [
      "tar",
      "--extract",
      "--file",
      "-",
      "--directory",
      root,
      "--numeric-owner",
      "--same-permissions",
      "--xattrs",
      "--xattrs-include=*",
      "--acls",
      ...(options.exclude ?? []).map((pattern) => `--exclude=${pattern}`),
    ],
    { signal: options.signal, log: options.log, timeoutMs: 3_600_000, stdinFile: tarball },
  );
}
