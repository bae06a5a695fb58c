/** gzip images, decompressed by node:zlib (on the libuv thread pool, off the main thread). */
import { Readable, pipeline } from "node:stream";
import zlib from "node:zlib";
import { invalidCompressedFile } from "@/lib/metadata/image/decompress-errors";
import { readFileCounting } from "@/lib/metadata/image/file-input";

// zlib's default 16 KiB output chunks would cost a callback per 16 KiB of a multi-gigabyte image.
const INFLATED_CHUNK_BYTES = 1024 * 1024;

/** The uncompressed bytes; a file of several concatenated gzip members (`cat a.gz b.gz`) reads as one. */
export function gunzipFile(file: string, onInputBytes?: (bytes: number) => void): Readable {
  return Readable.from(
    gunzipChunks(() => readFileCounting(file, onInputBytes), file),
    { objectMode: false },
  );
}

/** The same over any byte stream (an image being downloaded); `name` names it in the error of a damaged stream. */
export function gunzipStream(input: Readable, name: string): Readable {
  return Readable.from(
    gunzipChunks(() => input, name),
    { objectMode: false },
  );
}

/** `open` is called once the stream is read, so a file that cannot be opened fails the stream, not the caller. */
async function* gunzipChunks(open: () => Readable, file: string): AsyncGenerator<Buffer> {
  const input = open();
  const gunzip = zlib.createGunzip({ chunkSize: INFLATED_CHUNK_BYTES });
  // Errors are read from the gunzip stream below, where pipeline forwards those of the input too.
  pipeline(input, gunzip, () => {});
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (isZlibError(error)) throw invalidCompressedFile(file, "gzip", error.message, error);
    throw error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

function isZlibError(error: unknown): error is Error {
  return error instanceof Error && /^Z_/.test(String((error as NodeJS.ErrnoException).code));
}
