import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { computeImageChecksums } from "@/lib/metadata/image/checksums";
import { coreutilsDigests, makeTempDir } from "@/lib/metadata/image/test-images";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";

const TWO_GIB = 2 * 1024 ** 3;
// The ring (32 MiB) and two worker isolates fit well inside; reading the image into memory would not.
const MAX_RSS_GROWTH = 150 * 1024 ** 2;

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("hashes a 2 GiB image in constant memory", { timeout: 180_000 }, async () => {
  // A sparse file reads as zeros and takes no disk space.
  const image = path.join(dir, "zeros-2g.img");
  fs.closeSync(fs.openSync(image, "w"));
  fs.truncateSync(image, TWO_GIB);
  const expected = await coreutilsDigests(image);

  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const result = await computeImageChecksums(image, {
    onProgress: () => {
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    },
  });

  expect(rssPeak - rssBefore).toBeLessThan(MAX_RSS_GROWTH);
  expect(result).toEqual({ bytes: BigInt(TWO_GIB), ...expected, identifier: sha1ToIdentifier(expected.sha1) });
});
