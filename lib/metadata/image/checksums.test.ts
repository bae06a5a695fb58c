import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeImageChecksums } from "@/lib/metadata/image/checksums";
import type { Compression } from "@/lib/metadata/image/decompress";
import { DEFAULT_RING } from "@/lib/metadata/image/ring-layout";
import { type ToolCompression, compressWithTool, coreutilsDigests, makeTempDir, writeRandomFile } from "@/lib/metadata/image/test-images";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";

const SLOT = DEFAULT_RING.slotBytes;
// Every compression on the small sizes; bz2 and xz on the multi-slot sizes are in
// checksums-throughput.slow.test.ts (compressing megabytes of random data takes most of a minute).
const SIZES: Record<string, [size: number, compressions: Compression[]]> = {
  empty: [0, ["", "gz", "bz2", "xz"]],
  "one byte": [1, ["", "gz", "bz2", "xz"]],
  "exactly two slots": [2 * SLOT, ["", "gz"]],
  "several slots, not a multiple": [2 * SLOT + 12_345, ["", "gz"]],
};

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("computeImageChecksums", () => {
  describe.each(Object.entries(SIZES))("%s image", (label, [size, compressions]) => {
    let plain: string;
    let expected: Awaited<ReturnType<typeof coreutilsDigests>>;
    beforeAll(async () => {
      plain = writeRandomFile(dir, `${label.replace(/\W+/g, "-")}.img`, size);
      expected = await coreutilsDigests(plain);
    });

    const matches = "matches coreutils on the uncompressed bytes (compression %j)";
    it.each(compressions)(matches, async (compression) => {
      const file = compression ? await compressWithTool(plain, compression as ToolCompression) : plain;
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

  // Images several times the ring's size: checksums-throughput.slow.test.ts.

  it("reads a gzip file of several members as one image", async () => {
    const first = writeRandomFile(dir, "member-1.img", 100_000);
    const second = writeRandomFile(dir, "member-2.img", 3 * SLOT + 7);
    const joined = path.join(dir, "members.img");
    fs.writeFileSync(joined, Buffer.concat([fs.readFileSync(first), fs.readFileSync(second)]));
    const gzipped = path.join(dir, "members.img.gz");
    const members = [await compressWithTool(first, "gz"), await compressWithTool(second, "gz")];
    fs.writeFileSync(gzipped, Buffer.concat(members.map((member) => fs.readFileSync(member))));

    const expected = await coreutilsDigests(joined);
    const result = await computeImageChecksums(gzipped, { compression: "gz" });
    expect(result.bytes).toBe(BigInt(100_000 + 3 * SLOT + 7));
    expect(result.sha256).toBe(expected.sha256);
    expect(result.md5).toBe(expected.md5);
  });

  it("guesses the compression from the file name unless told", async () => {
    const plain = writeRandomFile(dir, "guessed.img", 1000);
    const gz = await compressWithTool(plain, "gz");
    const expected = await coreutilsDigests(plain);
    expect((await computeImageChecksums(gz)).sha1).toBe(expected.sha1);
    expect((await computeImageChecksums(gz, { compression: "" })).sha1).toBe((await coreutilsDigests(gz)).sha1);
  });

  it("computes only the digests asked for, and always SHA-1", async () => {
    const file = writeRandomFile(dir, "some-digests.img", SLOT + 1);
    const expected = await coreutilsDigests(file);
    const result = await computeImageChecksums(file, { digests: ["sha512"] });
    expect(result).toEqual({
      bytes: BigInt(SLOT + 1),
      sha1: expected.sha1,
      sha512: expected.sha512,
      identifier: sha1ToIdentifier(expected.sha1),
    });
  });

  // With xz: checksums-throughput.slow.test.ts.
  it.each<Compression>([""])("reports progress in bytes read from disk (compression %j)", async (compression) => {
    const plain = writeRandomFile(dir, `progress-${compression || "plain"}.img`, 2 * SLOT + 5);
    const file = compression ? await compressWithTool(plain, compression as ToolCompression) : plain;
    const totalBytes = fs.statSync(file).size;
    const reports: number[] = [];
    await computeImageChecksums(file, {
      compression,
      onProgress: (progress) => {
        expect(progress.totalBytes).toBe(totalBytes);
        reports.push(progress.bytesRead);
      },
    });
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
    expect(reports.at(-1)).toBe(totalBytes);
  });
});
