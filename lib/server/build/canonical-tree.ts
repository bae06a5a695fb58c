import "server-only";
/**
 * Between clean-up and assemble: the root filesystem written once as a canonical tarball (names
 * sorted, owners as numbers, times clamped, no atime or ctime) and extracted into a fresh directory.
 * `mkfs.ext4 -d` lays files out in the order the directory lists them, and a directory that apt
 * and dpkg filled (files made, renamed and deleted in an order that depends on timing, such as
 * parallel downloads) lists them in an order of its own; a fresh directory filled in sorted order
 * lists them the same way every time. The tarball is also what the `tar.zst` format compresses.
 * Both run as the image's root, which must read every file and keep the image's own ids.
 */
import path from "node:path";
import type { ToolLog } from "./run-tool";
import type { Runner } from "./sandbox";
import { extractTree } from "./tar-tree";

export interface CanonicalTree {
  root: string;
  tarball: string;
}

export async function canonicalTree(options: {
  root: string;
  scratchDir: string;
  epochSeconds: number;
  imageRoot: Runner;
  signal?: AbortSignal;
  log?: ToolLog;
}): Promise<CanonicalTree> {
  const { imageRoot: run, signal, log } = options;
  const tool = { signal, log, timeoutMs: 3_600_000 };
  const tarball = path.join(options.scratchDir, "rootfs.tar");
  const root = path.join(options.scratchDir, "canonical");
  await run(
    [
      "tar",
      "--create",
      "--file",
      tarball,
      "--directory",
      options.root,
      "--one-file-system",
      "--sort=name",
      "--numeric-owner",
      "--format=posix",
      "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
      `--mtime=@${options.epochSeconds}`,
      "--clamp-mtime",
      "--xattrs",
      "--xattrs-include=*",
      "--acls",
      ".",
    ],
    tool,
  );
  await run(["rm", "-rf", "--one-file-system", "--", options.root], tool);
  await run(["mkdir", "--", root], tool);
  await extractTree(run, tarball, root, { signal, log });
  return { root, tarball };
}
