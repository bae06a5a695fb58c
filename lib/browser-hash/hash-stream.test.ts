/**
 * The browser's hashing against node:crypto and the server's identifier, for raw, gzip, xz and bzip2
 * images (made with zlib and the xz and bzip2 tools), progress, cancel, corrupt streams and the empty file. Node 20 has
 * the Blob, the streams and DecompressionStream the browser has.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { hashImage } from "./hash-stream";
import { sha1HexToIdentifier } from "./identifier";

// Half random (incompressible), half repeated: many chunks in and out of the decoders.
const IMAGE = Buffer.concat([randomBytes(3 * 1024 * 1024), Buffer.alloc(2 * 1024 * 1024, 0x5a)]);
const expected = (bytes: Buffer) => {
  const hex = (algorithm: string) => createHash(algorithm).update(bytes).digest("hex");
  return {
    bytes: bytes.length,
    md5: hex("md5"),
    sha1: hex("sha1"),
    sha256: hex("sha256"),
    sha512: hex("sha512"),
    identifier: sha1ToIdentifier(hex("sha1")),
  };
};
const xz = (bytes: Buffer) => execFileSync("xz", ["-c", "-1"], { input: bytes, maxBuffer: 64 * 1024 * 1024 });
// -1: 100k blocks, so the image spans many blocks.
const bz2 = (bytes: Buffer) => execFileSync("bzip2", ["-c", "-1"], { input: bytes, maxBuffer: 64 * 1024 * 1024 });

describe("hashing an image in the browser", () => {
  it("gives the digests and identifier of the uncompressed image, raw, gzip or xz", async () => {
    for (const [compression, file] of [
      [null, IMAGE],
      ["gzip", gzipSync(IMAGE)],
      ["xz", xz(IMAGE)],
      ["bzip2", bz2(IMAGE)],
      // Two bzip2 streams end to end, as pbzip2 writes and bunzip2 reads.
      ["bzip2", Buffer.concat([bz2(IMAGE.subarray(0, 1_000_000)), bz2(IMAGE.subarray(1_000_000))])],
    ] as const) {
      expect(await hashImage(new Blob([file])), String(compression)).toEqual({ ...expected(IMAGE), compression });
      // A file read in uneven chunks, none on a block or frame boundary.
      const parts = Array.from(
        { length: Math.ceil(file.length / 65521) },
        (_, i) => new Uint8Array(file.subarray(i * 65521, (i + 1) * 65521)),
      );
      expect(await hashImage(new Blob(parts)), `${compression} in parts`).toEqual({ ...expected(IMAGE), compression });
    }
  });

  it("reports progress of the file's bytes up to its size, never going back", async () => {
    const file = gzipSync(IMAGE);
    const seen: number[] = [];
    await hashImage(new Blob([file]), { onProgress: (read, total) => (expect(total).toBe(file.length), seen.push(read)) });
    expect(seen.at(-1)).toBe(file.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("stops when cancelled, with an AbortError", async () => {
    const controller = new AbortController();
    const hashing = hashImage(new Blob([IMAGE]), { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(hashing).rejects.toMatchObject({ name: "AbortError" });
    const before = new AbortController();
    before.abort();
    await expect(hashImage(new Blob([IMAGE]), { signal: before.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refuses a corrupt or truncated compressed image, saying what it looked like", async () => {
    const gz = gzipSync(IMAGE);
    await expect(hashImage(new Blob([gz.subarray(0, gz.length - 1000)]))).rejects.toThrow(
      /looks gzip-compressed but is not a valid gzip stream/,
    );
    const bad = Buffer.from(xz(IMAGE));
    bad.fill(0x33, 200, 400);
    await expect(hashImage(new Blob([bad]))).rejects.toThrow(/looks xz-compressed but is not a valid xz stream/);
    const bz = bz2(IMAGE);
    await expect(hashImage(new Blob([new Uint8Array(bz.subarray(0, bz.length - 5000))]))).rejects.toThrow(
      /looks bzip2-compressed but is not a valid bzip2 stream: the bzip2 stream ends early/,
    );
    const flipped = Buffer.from(bz);
    flipped.writeUInt8(flipped.readUInt8(bz.length >> 1) ^ 0x10, bz.length >> 1);
    await expect(hashImage(new Blob([new Uint8Array(flipped)]))).rejects.toThrow(/looks bzip2-compressed but is not a valid bzip2 stream/);
  });

  it("hashes the empty file", async () => {
    expect(await hashImage(new Blob([]))).toEqual({ ...expected(Buffer.alloc(0)), compression: null });
  });

  it("writes identifiers as the server does, leading zeros and all", () => {
    for (let i = 0; i < 200; i++) {
      const digest = randomBytes(20);
      if (i % 10 === 0) digest.fill(0, 0, 1 + (i % 5));
      expect(sha1HexToIdentifier(digest.toString("hex"))).toBe(sha1ToIdentifier(digest.toString("hex")));
    }
    expect(() => sha1HexToIdentifier("xyz")).toThrow(RangeError);
  });
});
