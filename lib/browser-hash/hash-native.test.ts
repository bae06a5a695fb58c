import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { hashNative } from "./hash-native";
import { hashImage } from "./hash-stream";

const digest = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest("hex");

describe("Web Crypto's one-shot path", () => {
  it("gives the streaming pass's digests and identifier for an uncompressed image, with progress to the end", async () => {
    // More than one MD5 block, and not a multiple of it.
    const image = Buffer.concat([randomBytes(9 * 1024 * 1024), Buffer.alloc(123_457, 3)]);
    const seen: number[] = [];
    const fast = await hashNative(new Blob([image]), { onProgress: (read) => seen.push(read) });
    expect(fast).toEqual(await hashImage(new Blob([image])));
    expect(fast).toMatchObject({
      bytes: image.length,
      md5: digest("md5", image),
      sha1: digest("sha1", image),
      sha512: digest("sha512", image),
    });
    expect(seen.at(-1)).toBe(image.length);
    expect(await hashNative(new Blob([]))).toMatchObject({ bytes: 0, md5: digest("md5", Buffer.alloc(0)), compression: null });
  });

  it("leaves compressed and oversized files to the streaming pass", async () => {
    const image = randomBytes(4096);
    expect(await hashNative(new Blob([gzipSync(image)]))).toBeUndefined();
    expect(await hashNative(new Blob([image]), { maxBytes: 4095 })).toBeUndefined();
    expect(await hashNative(new Blob([image]), { maxBytes: 4096 })).toMatchObject({ sha256: digest("sha256", image) });
  });
});
