import "server-only";
/**
 * The assemble stage for a plain (not bootable) image: an ext4 filesystem made from a directory
 * without mounting anything (`mkfs.ext4 -d`), byte-identical for identical inputs (guide §3): the
 * filesystem UUID and directory hash seed come from the build's seed, and mke2fs's clock is fixed.
 * The files' own times are the clean-up stage's (clamp-times.ts).
 */
import { createHash } from "node:crypto";
import { runTool } from "./run-tool";

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
  await runTool(
    "mkfs.ext4",
    [
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
    { env: { E2FSPROGS_FAKE_TIME: String(Math.trunc(options.epochSeconds)) } },
  );
}
