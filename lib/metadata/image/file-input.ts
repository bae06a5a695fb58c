/** Reading an image file from disk as a stream, counting the bytes read for progress reports. */
import fs from "node:fs";
import { Readable } from "node:stream";

/** Large reads: fewer system calls and stream callbacks per gigabyte. */
export const READ_BLOCK_BYTES = 1024 * 1024;

export function readFileCounting(file: string, onInputBytes?: (bytes: number) => void): Readable {
  const stream = fs.createReadStream(file, { highWaterMark: READ_BLOCK_BYTES });
  if (!onInputBytes) return stream;
  return Readable.from(countChunks(stream, onInputBytes), { objectMode: false });
}

async function* countChunks(chunks: AsyncIterable<Buffer>, onInputBytes: (bytes: number) => void) {
  for await (const chunk of chunks) {
    onInputBytes(chunk.length);
    yield chunk;
  }
}
