import "server-only";
/**
 * Disks users upload to build from (a VirtualBox VDI, a VMDK, an OVA, qcow2 or raw): streamed to
 * `<DATA_DIR>/disks/<owner>/<id>/disk` with a size cap, hashed on the way, and named by a random id
 * that only their owner's builds may use (another user's id is "no such disk", as a wrong one is).
 * What the disk holds is checked when a build imports it (import-disk.ts), not here.
 */
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { hashingStream } from "./hashing-stream";

export interface UploadedDisk {
  id: string;
  bytes: number;
  sha256: string;
  uploadedAt: Date;
}

const DISK_ID = /^d_[A-Za-z0-9_-]{16}$/;

function ownerDir(ownerId: string): string {
  return path.join(env.dataDir, "disks", createHash("sha256").update(ownerId).digest("hex").slice(0, 32));
}

export async function storeUploadedDisk(ownerId: string, body: Readable, maxBytes: number): Promise<UploadedDisk> {
  const id = `d_${randomBytes(12).toString("base64url")}`;
  const dir = path.join(ownerDir(ownerId), id);
  await fs.mkdir(dir, { recursive: true });
  const meter = hashingStream(["sha256"], {
    maxBytes,
    tooLarge: () => new AppError("payload_too_large", `a disk may be at most ${maxBytes} bytes`),
  });
  try {
    await pipeline(body, meter.transform, createWriteStream(path.join(dir, "disk"), { mode: 0o600 }));
    if (meter.bytes() === 0) throw new AppError("bad_request", "the disk is empty: send the image file as the request body");
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
  const disk: UploadedDisk = { id, bytes: meter.bytes(), sha256: meter.digests().sha256, uploadedAt: new Date() };
  await fs.writeFile(path.join(dir, "disk.json"), JSON.stringify({ ...disk, uploadedAt: disk.uploadedAt.toISOString() }));
  return disk;
}

export async function uploadedDiskFile(ownerId: string, id: string): Promise<UploadedDisk & { file: string }> {
  const missing = new AppError("unprocessable", `no uploaded disk ${id} of yours: upload it with POST /api/v1/disks first`);
  if (!DISK_ID.test(id)) throw missing;
  const dir = path.join(ownerDir(ownerId), id);
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, "disk.json"), "utf8")) as {
      bytes: number;
      sha256: string;
      uploadedAt: string;
    };
    return { id, bytes: meta.bytes, sha256: meta.sha256, uploadedAt: new Date(meta.uploadedAt), file: path.join(dir, "disk") };
  } catch {
    throw missing;
  }
}
