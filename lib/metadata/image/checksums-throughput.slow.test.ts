/**
 * The slow tier (`npm run test:slow`): bz2 and xz images of several ring slots, and images several
 * times the ring's size. Compressing megabytes of random data with the tools, and making and hashing
 * some 150 MB of it, takes most of a minute on two cores, so these run apart from the unit tier, which
 * checks every compression on small images (checksums.test.ts).
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeImageChecksums } from "@/lib/metadata/image/checksums";
import type { Compression } from "@/lib/metadata/image/decompress";
import { DEFAULT_RING } from "@/lib/metadata/image/ring-layout";
import { type ToolCompression, compressWithTool, coreutilsDigests, makeTempDir, writeRandomFile } from "@/lib/metadata/image/test-images";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";

const SLOT = DEFAULT_RING.slotBytes;
const SIZES: Record<string, number> = {
  "exactly two slots": 2 * SLOT,
  "several slots, not a multiple": 2 * SLOT + 12_345,
};
const COMPRESSIONS: ToolCompression[] = ["bz2", "xz"];

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("computeImageChecksums on large and compressed images", () => {
  describe.each(Object.entries(SIZES))("%s image", (label, size) => {
    let plain: string;
    let expected: Awaited<ReturnType<typeof coreutilsDigests>>;
    beforeAll(async () => {
      plain = writeRandomFile(dir, `${label.replace(/\W+/g, "-")}.img`, size);
      expected = await coreutilsDigests(plain);
    });

    // Compressing random data is slow, and slower still while the 2 GiB test hashes alongside.
    const matches = "matches coreutils on the uncompressed bytes (compression %j)";
    it.each(COMPRESSIONS)(matches, { timeout: 90_000 }, async (compression) => {
      const file = await compressWithTool(plain, compression);
      const result = await computeImageChecksums(file, { compression });
      expect(result).toEqual({
        bytes: BigInt(size),
        md5: expected.md5,
        sha1: expected.sha1,
        sha256: expected.sha256,
        sha512: expected.sha512,
        identifier: sha1ToIdentifier(expected.sha1),
      });
    });
  });

  it('reports progress in bytes read from disk (compression "xz")', { timeout: 90_000 }, async () => {
    const plain = writeRandomFile(dir, "progress-xz.img", 2 * SLOT + 5);
    const file = await compressWithTool(plain, "xz");
    const totalBytes = fs.statSync(file).size;
    const reports: number[] = [];
    await computeImageChecksums(file, {
      compression: "xz",
      onProgress: (progress) => {
        expect(progress.totalBytes).toBe(totalBytes);
        reports.push(progress.bytesRead);
      },
    });
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
    expect(reports.at(-1)).toBe(totalBytes);
  });

  // Every slot is refilled many times. A plain file is read faster than it is hashed, so a slot
  // refilled before every worker had hashed it would change the digests (random data, unlike the
  // zeros of the 2 GiB test).
  const wraps = "hashes an image several times the ring's size (compression %j)";
  it.each<Compression>(["", "gz"])(wraps, { timeout: 90_000 }, async (compression) => {
    const ringBytes = DEFAULT_RING.slotBytes * DEFAULT_RING.slotCount;
    const size = compression ? ringBytes + 5 * SLOT + 99 : 3 * ringBytes + 777;
    const plain = writeRandomFile(dir, `ring-wrap-${compression || "plain"}.img`, size);
    const file = compression ? await compressWithTool(plain, compression as ToolCompression) : plain;
    const expected = await coreutilsDigests(plain);
    const result = await computeImageChecksums(file, { compression });
    expect(result).toEqual({ bytes: BigInt(size), ...expected, identifier: sha1ToIdentifier(expected.sha1) });
  });
});
