import fs from "node:fs";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { guessCompression, openUncompressed } from "@/lib/metadata/image/decompress";
import { compressWithTool, makeTempDir } from "@/lib/metadata/image/test-images";

let dir: string;
let original: string;
beforeAll(() => {
  dir = makeTempDir();
  original = path.join(dir, "hello.img");
  fs.writeFileSync(original, "hello, image\n".repeat(1000));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe("guessCompression", () => {
  it.each([
    ["image.img.gz", "gz"],
    ["IMAGE.IMG.GZIP", "gz"],
    ["disk.qcow2.bz2", "bz2"],
    ["disk.qcow2.XZ", "xz"],
    ["disk.qcow2", ""],
    ["gz", ""],
    ["archive.tar.zst", ""],
  ])("%s -> %j", (name, expected) => {
    expect(guessCompression(name)).toBe(expected);
  });
});

describe("openUncompressed", () => {
  it.each(["gz", "bz2", "xz"] as const)("streams the uncompressed bytes of a %s file", async (compression) => {
    const file = await compressWithTool(original, compression);
    expect(fs.readFileSync(file).equals(fs.readFileSync(original))).toBe(false);
    expect(await text(openUncompressed(file, compression))).toBe(fs.readFileSync(original, "utf8"));
  });

  it("streams an uncompressed file as it is and counts the bytes read", async () => {
    let counted = 0;
    const content = await text(openUncompressed(original, "", { onInputBytes: (bytes) => (counted += bytes) }));
    expect(content).toBe(fs.readFileSync(original, "utf8"));
    expect(counted).toBe(fs.statSync(original).size);
  });

  it("counts compressed bytes for a compressed file", async () => {
    const file = await compressWithTool(original, "xz");
    let counted = 0;
    await text(openUncompressed(file, "xz", { onInputBytes: (bytes) => (counted += bytes) }));
    expect(counted).toBe(fs.statSync(file).size);
  });

  it("reports a file that is not in the format it claims", async () => {
    await expect(text(openUncompressed(original, "xz"))).rejects.toThrow("hello.img is not a valid xz file: File format not recognized");
    await expect(text(openUncompressed(original, "bz2"))).rejects.toThrow(
      "hello.img is not a valid bzip2 file: the input is not a bzip2 file",
    );
    await expect(text(openUncompressed(original, "gz"))).rejects.toThrow("hello.img is not a valid gzip file: incorrect header check");
  });

  it("names the Debian package to install when the program is missing", async () => {
    const file = await compressWithTool(original, "xz");
    vi.stubEnv("PATH", dir);
    await expect(text(openUncompressed(file, "xz"))).rejects.toThrow(
      'cannot decompress: the program "xz" is not installed (install the Debian package xz-utils)',
    );
  });

  it("stops with the signal", async () => {
    const file = await compressWithTool(original, "bz2");
    const reason = new Error("enough");
    await expect(text(openUncompressed(file, "bz2", { signal: AbortSignal.abort(reason) }))).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
