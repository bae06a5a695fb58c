import "server-only";
/**
 * A disk image as a build's base (a Marketplace entry's image, an uploaded VirtualBox VDI, VMDK, OVA,
 * qcow2 or raw): checked, converted to raw with qemu-img, its ext4 root filesystem found (the whole
 * disk, or the largest Linux partition of an MBR or GPT table), and its files copied out as a tarball
 * that keeps modes, owners, setuid bits and device nodes (guide §3: debugfs rdump loses them, so the
 * filesystem is mounted read-only, loop, inside a private mount namespace that dies with the step).
 *
 * Every disk is attacker-controlled. qemu-img follows a qcow2's backing file and a VMDK's extent
 * list to other files, which would read the server's own files into the image; a disk naming any
 * file but itself is refused before anything reads it.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { runTool, type ToolLog } from "./run-tool";
import { inNamespaces } from "./sandbox";

export const DISK_FORMATS = ["raw", "qcow2", "vdi", "vmdk", "vpc", "vhdx"] as const;

export interface ImportOptions {
  file: string;
  workDir: string;
  signal?: AbortSignal;
  log?: ToolLog;
}

const LONG = 3_600_000;

const MOUNT_AND_TAR = `set -eu
raw=$1 offset=$2 size=$3 mnt=$4 out=$5
mount --make-rprivate /
mount -t ext4 -o loop,ro,noload,nodev,nosuid,offset="$offset",sizelimit="$size" "$raw" "$mnt"
tar --create --file "$out" --directory "$mnt" --one-file-system --numeric-owner --xattrs --xattrs-include='*' --acls .
`;

/** The disk's files as a tarball in the work directory, with the image's own numeric owners. */
export async function importDisk(options: ImportOptions): Promise<{ tarball: string; format: string }> {
  const { signal, log } = options;
  if (process.getuid?.() !== 0) {
    throw new AppError(
      "unavailable",
      "a disk image base is read through a read-only loop mount, which needs the build worker to run as root",
    );
  }
  let input = options.file;
  if (await isOva(input)) input = await vmdkOfOva(input, options.workDir, log, signal);
  const format = await checkedFormat(input);
  const raw = path.join(options.workDir, "base.raw");
  log?.(`converting the ${format} base to raw`, "stdout");
  await runTool("qemu-img", ["convert", "-f", format, "-O", "raw", input, raw], { signal, log, timeoutMs: LONG });
  const { offset, size } = await rootFilesystem(raw);
  const mnt = path.join(options.workDir, "base-mount");
  const tarball = path.join(options.workDir, "base.tar");
  await fs.mkdir(mnt, { recursive: true });
  const [command, args] = inNamespaces(
    ["--mount", "--pid", "--fork", "--kill-child"],
    ["sh", "-c", MOUNT_AND_TAR, "import-disk", raw, String(offset), String(size), mnt, tarball],
  );
  await runTool(command, args, { signal, log, timeoutMs: LONG });
  await fs.rm(raw, { force: true });
  await fs.rmdir(mnt).catch(() => undefined);
  return { tarball, format };
}

interface QemuImgInfo {
  format?: string;
  "backing-filename"?: string;
  "full-backing-filename"?: string;
  "format-specific"?: { type?: string; data?: { extents?: { filename?: string }[] } };
}

async function checkedFormat(file: string): Promise<string> {
  const { stdout } = await runTool("qemu-img", ["info", "--output=json", file], { timeoutMs: 60_000 });
  let info: QemuImgInfo;
  try {
    info = JSON.parse(stdout) as QemuImgInfo;
  } catch {
    throw new AppError("unprocessable", "the base disk could not be read as a disk image");
  }
  const format = info.format ?? "";
  if (!(DISK_FORMATS as readonly string[]).includes(format)) {
    throw new AppError("unprocessable", `the base disk is "${format}", not one of ${DISK_FORMATS.join(", ")}`);
  }
  if (info["backing-filename"] || info["full-backing-filename"]) {
    throw new AppError("unprocessable", "the base disk names a backing file: only self-contained disks are accepted");
  }
  const real = await fs.realpath(file);
  for (const extent of info["format-specific"]?.data?.extents ?? []) {
    if (extent.filename && (await fs.realpath(extent.filename).catch(() => extent.filename)) !== real) {
      throw new AppError("unprocessable", "the base disk's extents name other files: only single-file disks are accepted");
    }
  }
  return format;
}

interface SfdiskTable {
  partitiontable?: { sectorsize?: number; partitions?: { start: number; size: number; type: string }[] };
}

const LINUX_TYPES = new Set(["83", "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709"]);

/** Where the ext4 filesystem is: the whole disk, or the largest Linux partition. */
async function rootFilesystem(raw: string): Promise<{ offset: number; size: number }> {
  const whole = (await fs.stat(raw)).size;
  if (await isExt4(raw, 0)) return { offset: 0, size: whole };
  const table = await runTool("sfdisk", ["--json", raw], { timeoutMs: 60_000 }).catch(() => undefined);
  let parsed: SfdiskTable = {};
  try {
    parsed = table ? (JSON.parse(table.stdout) as SfdiskTable) : {};
  } catch {
    parsed = {};
  }
  const sector = parsed.partitiontable?.sectorsize ?? 512;
  const linux = (parsed.partitiontable?.partitions ?? [])
    .filter((p) => LINUX_TYPES.has(p.type.toUpperCase()))
    .sort((a, b) => b.size - a.size);
  for (const partition of linux) {
    const offset = partition.start * sector;
    if (offset + partition.size * sector <= whole && (await isExt4(raw, offset))) return { offset, size: partition.size * sector };
  }
  throw new AppError("unprocessable", "the base disk holds no ext4 filesystem (neither the whole disk nor a Linux partition)");
}

async function isExt4(raw: string, offset: number): Promise<boolean> {
  const probe = await runTool("blkid", ["-p", "-O", String(offset), "-o", "value", "-s", "TYPE", raw], { timeoutMs: 60_000 }).catch(
    () => undefined,
  );
  return probe?.stdout.trim() === "ext4";
}

async function isOva(file: string): Promise<boolean> {
  const handle = await fs.open(file, "r");
  try {
    const header = Buffer.alloc(512);
    await handle.read(header, 0, 512, 0);
    return header.subarray(257, 262).toString("latin1") === "ustar";
  } finally {
    await handle.close();
  }
}

/** An OVA is a tar of an .ovf descriptor and its disks: the first .vmdk is the base. */
async function vmdkOfOva(file: string, workDir: string, log?: ToolLog, signal?: AbortSignal): Promise<string> {
  const { stdout } = await runTool("tar", ["--list", "--file", file], { timeoutMs: 60_000 });
  const name = stdout.split("\n").find((entry) => /^[A-Za-z0-9._-]+\.vmdk$/i.test(entry));
  if (!name) throw new AppError("unprocessable", "the OVA holds no .vmdk disk at its top level");
  const dir = path.join(workDir, "ova");
  await fs.mkdir(dir, { recursive: true });
  await runTool("tar", ["--extract", "--file", file, "--directory", dir, "--no-same-owner", "--", name], { signal, log, timeoutMs: LONG });
  return path.join(dir, name);
}
