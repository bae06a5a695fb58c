import "server-only";
/**
 * The assemble stage for a plain (not bootable) image: an ext4 filesystem made from a directory
 * without mounting anything (`mkfs.ext4 -d`), byte-identical for identical inputs (guide §3): the
 * filesystem UUID and directory hash seed come from the build's seed, and mke2fs's clock is fixed.
 * The files' modification times are the clean-up stage's (clamp-times.ts); their access and change
 * times, which mke2fs copies from the directory and which no one can set on the host (the kernel writes
 * ctime), are set to the epoch afterwards with debugfs, inode by inode, then e2fsck checks the result.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import type { ToolLog } from "./run-tool";
import { hostRunner, type Runner } from "./sandbox";

export interface Ext4Options {
  /** The customised root filesystem. */
  rootDir: string;
  /** The image file to write (replaced). */
  output: string;
  sizeBytes: number;
  /** At most 16 characters. */
  label: string;
  /** What makes this build's UUID: the recipe's hash, say. */
  seed: string;
  /** The time written into the filesystem's own fields (SOURCE_DATE_EPOCH). */
  epochSeconds: number;
  /** Who runs mkfs.ext4: the image's files belong to the build's id range (imageRootRunner). */
  run?: Runner;
  signal?: AbortSignal;
  log?: ToolLog;
}

const LABEL = /^[A-Za-z0-9_-]{1,16}$/;

/** A version-4-shaped UUID derived from `seed`: the same seed, the same UUID. */
export function seededUuid(seed: string): string {
  const bytes = createHash("sha256").update(`ext4 uuid\u0000${seed}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function assembleExt4(options: Ext4Options): Promise<void> {
  if (!LABEL.test(options.label)) throw new Error(`an ext4 label is 1 to 16 of A-Z, a-z, 0-9, - and _, not "${options.label}"`);
  if (!Number.isSafeInteger(options.sizeBytes) || options.sizeBytes < 4 * 1024 * 1024) throw new Error("an image is at least 4 MiB");
  const uuid = seededUuid(options.seed);
  const kib = Math.ceil(options.sizeBytes / 1024);
  const run = options.run ?? hostRunner;
  await run(
    [
      "mkfs.ext4",
      "-q",
      "-F",
      "-t",
      "ext4",
      "-L",
      options.label,
      "-U",
      uuid,
      "-E",
      `hash_seed=${uuid},lazy_itable_init=0,nodiscard`,
      "-d",
      options.rootDir,
      options.output,
      `${kib}k`,
    ],
    {
      env: { E2FSPROGS_FAKE_TIME: String(Math.trunc(options.epochSeconds)) },
      signal: options.signal,
      log: options.log,
      timeoutMs: 1_800_000,
    },
  );
  await clampInodeTimes(options.output, Math.trunc(options.epochSeconds), run, options.signal);
  await run(["e2fsck", "-f", "-n", options.output], { signal: options.signal, timeoutMs: 600_000 });
}

/** Sets atime and ctime of every allocated inode (from the group bitmaps dumpe2fs prints) to the epoch. */
async function clampInodeTimes(image: string, epoch: number, run: Runner, signal?: AbortSignal): Promise<void> {
  const { stdout } = await run(["dumpe2fs", image], { signal, timeoutMs: 600_000, maxStdoutBytes: 256 * 1024 * 1024 });
  const commands: string[] = [];
  for (const inode of allocatedInodes(stdout)) commands.push(`sif <${inode}> atime @${epoch}`, `sif <${inode}> ctime @${epoch}`);
  // debugfs stamps the superblock with the time it writes: the epoch too.
  commands.push(`ssv wtime @${epoch}`);
  const script = path.join(path.dirname(image), `${path.basename(image)}.debugfs`);
  await fs.writeFile(script, `${commands.join("\n")}\n`, { mode: 0o644 });
  try {
    await run(["debugfs", "-w", "-f", script, image], { signal, timeoutMs: 600_000, env: { E2FSPROGS_FAKE_TIME: String(epoch) } });
  } finally {
    await fs.rm(script, { force: true });
  }
}

/** Inode numbers in use, from `dumpe2fs` output: each group's range minus its "Free inodes:" ranges. */
export function allocatedInodes(dump: string): number[] {
  const perGroup = Number(/^Inodes per group:\s+(\d+)/m.exec(dump)?.[1]);
  if (!Number.isSafeInteger(perGroup) || perGroup <= 0) throw new Error("dumpe2fs printed no inode count per group");
  const used: number[] = [];
  const groups = dump.split(/^Group (\d+): /m);
  for (let i = 1; i < groups.length; i += 2) {
    const group = Number(groups[i]);
    const free = new Set<number>();
    const freeLine = /^\s+Free inodes:\s*(.*)$/m.exec(groups[i + 1] ?? "")?.[1] ?? "";
    for (const range of freeLine
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean)) {
      const [from, to = from] = range.split("-").map(Number);
      for (let n = from!; n <= to!; n++) free.add(n);
    }
    for (let n = group * perGroup + 1; n <= (group + 1) * perGroup; n++) if (!free.has(n)) used.push(n);
  }
  return used;
}
