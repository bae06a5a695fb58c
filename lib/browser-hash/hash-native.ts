/**
 * The fast path for an uncompressed image that fits in memory. Web Crypto computes SHA-1, SHA-256 and
 * SHA-512 in the browser's native code (with the CPU's SHA instructions where it has them: 3-5x
 * hash-wasm here), but only in one shot, so the whole file is read into memory first; MD5, which Web
 * Crypto does not offer, goes through hash-wasm over the same bytes meanwhile, on this worker's thread.
 *
 * Undefined when the path does not apply, and the streaming path (hash-stream.ts) does the work: no
 * Web Crypto (a page not served from a secure context), a compressed file (its digests are of the bytes
 * inside, known only by decompressing), a file over `maxBytes`, or a browser that cannot hold it.
 */
import { createMD5 } from "hash-wasm";
import { compressionOf, type ImageHashes } from "./hash-stream";
import { sha1HexToIdentifier } from "./identifier";

/** Larger files stream: a tab holding several GiB is a tab the browser may kill. */
export const NATIVE_MAX_BYTES = 2 * 1024 ** 3;
/** MD5 reports progress after each block of this size. */
const BLOCK_BYTES = 8 * 1024 * 1024;

const hex = (digest: ArrayBuffer) => Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");

export async function hashNative(
  file: Blob,
  options: { onProgress?: (read: number, total: number) => void; maxBytes?: number } = {},
): Promise<ImageHashes | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || file.size > (options.maxBytes ?? NATIVE_MAX_BYTES)) return undefined;
  if (compressionOf(new Uint8Array(await file.slice(0, 6).arrayBuffer())) !== null) return undefined;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    // Out of memory, or the browser's blob storage refuses a read this large: stream it instead.
    return undefined;
  }
  const native = Promise.all([subtle.digest("SHA-1", bytes), subtle.digest("SHA-256", bytes), subtle.digest("SHA-512", bytes)]);
  const md5 = await createMD5();
  md5.init();
  for (let offset = 0; offset < bytes.byteLength; offset += BLOCK_BYTES) {
    md5.update(bytes.subarray(offset, offset + BLOCK_BYTES));
    options.onProgress?.(Math.min(offset + BLOCK_BYTES, bytes.byteLength), file.size);
  }
  const [sha1, sha256, sha512] = (await native).map(hex) as [string, string, string];
  return {
    bytes: bytes.byteLength,
    md5: md5.digest("hex"),
    sha1,
    sha256,
    sha512,
    identifier: sha1HexToIdentifier(sha1),
    compression: null,
  };
}
