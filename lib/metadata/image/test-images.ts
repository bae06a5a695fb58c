/**
 * Test helpers: image files of random bytes, compressed by the real tools, and their digests as
 * computed by coreutils, the reference the tests compare against.
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { DigestName } from "@/lib/metadata/image/digest-plan";

const run = promisify(execFile);

export type ToolCompression = "gz" | "bz2" | "xz";

const COMPRESSOR: Readonly<Record<ToolCompression, string>> = { gz: "gzip", bz2: "bzip2", xz: "xz" };

const SUM_PROGRAM: Readonly<Record<DigestName, string>> = {
  md5: "md5sum",
  sha1: "sha1sum",
  sha256: "sha256sum",
  sha512: "sha512sum",
};

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "image-checksums-"));
}

export function writeRandomFile(dir: string, name: string, size: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, crypto.randomBytes(size));
  return file;
}

/** `<file>.<suffix>` written by the real compressor at its fastest level; the original stays. */
export async function compressWithTool(file: string, compression: ToolCompression): Promise<string> {
  const target = `${file}.${compression}`;
  const { stdout } = await run(COMPRESSOR[compression], ["-1", "-c", file], {
    encoding: "buffer",
    maxBuffer: 1 << 30,
  });
  fs.writeFileSync(target, stdout);
  return target;
}

/** Every digest of the file's bytes as md5sum, sha1sum, sha256sum and sha512sum print it. */
export async function coreutilsDigests(file: string): Promise<Record<DigestName, string>> {
  const names = Object.keys(SUM_PROGRAM) as DigestName[];
  const values = await Promise.all(names.map(async (name) => (await run(SUM_PROGRAM[name], [file])).stdout.split(" ")[0]!));
  return Object.fromEntries(names.map((name, i) => [name, values[i]!])) as Record<DigestName, string>;
}
