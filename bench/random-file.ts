/** The benchmark's input: a file of random bytes, kept under bench/.cache/ (gitignored) between runs. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Random data so that nothing (page cache compression, sparse reads) makes the input cheaper than an image.
const WRITE_BLOCK = 64 * 1024 * 1024;

export async function ensureRandomFile(dir: string, bytes: number): Promise<string> {
  const file = path.join(dir, `random-${bytes}.img`);
  if (fs.existsSync(file) && fs.statSync(file).size === bytes) return file;
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  const handle = await fs.promises.open(partial, "w");
  try {
    const block = Buffer.alloc(WRITE_BLOCK);
    for (let written = 0; written < bytes;) {
      const length = Math.min(WRITE_BLOCK, bytes - written);
      crypto.randomFillSync(block, 0, length);
      await handle.write(block, 0, length);
      written += length;
    }
  } finally {
    await handle.close();
  }
  fs.renameSync(partial, file);
  return file;
}

/** Reads the whole file once so that every contender then hashes from memory, not from disk. */
export async function warmPageCache(file: string): Promise<void> {
  const stream = fs.createReadStream(file, { highWaterMark: 8 * 1024 * 1024 });
  // Only the reading matters: drain the stream.
  await new Promise<void>((resolve, reject) =>
    stream
      .on("data", () => undefined)
      .once("end", resolve)
      .once("error", reject),
  );
}
