/**
 * An image's size, MD5, SHA-1, SHA-256, SHA-512 and identifier in one streaming pass, in the browser
 * (a Web Worker runs it: hash.worker.ts). A gzip, xz or bzip2 image, told by its first bytes and not its
 * name, is decompressed on the way, so the digests are of the image itself, as the CLI's
 * build-metadata computes them. Memory stays bounded: the image flows through a few reused blocks.
 */
import { XzReadableStream } from "xz-decompress";
import { BlockPool } from "./block-pool";
import { Bzip2DecompressStream } from "./bzip2-stream";
import type { DigestPeer } from "./digest-peer";
import { createDigestSet, DIGEST_NAMES, type DigestValues } from "./digests";
import { sha1HexToIdentifier } from "./identifier";

export type ImageCompression = "gzip" | "xz" | "bzip2";

export interface ImageHashes {
  bytes: number;
  md5: string;
  sha1: string;
  sha256: string;
  sha512: string;
  identifier: string;
  compression: ImageCompression | null;
}

export interface HashOptions {
  signal?: AbortSignal;
  /** Bytes of the file read so far (compressed bytes for a compressed image), of its size. */
  onProgress?: (read: number, total: number) => void;
  /** Workers hashing some of the digests (digest-peer.ts); this thread hashes the rest. */
  peers?: readonly DigestPeer[];
}

/** The image travels in blocks of this size (few messages), at most POOL_BLOCKS of them at once (little memory). */
const BLOCK_BYTES = 1024 * 1024;
const POOL_BLOCKS = 8;

function compressionOf(head: Uint8Array): ImageCompression | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if ([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00].every((byte, i) => head[i] === byte)) return "xz";
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return "bzip2";
  return null;
}

const aborted = () => new DOMException("hashing was cancelled", "AbortError");

export async function hashImage(file: Blob, options: HashOptions = {}): Promise<ImageHashes> {
  const { signal, onProgress, peers = [] } = options;
  if (signal?.aborted) throw aborted();
  const compression = compressionOf(new Uint8Array(await file.slice(0, 6).arrayBuffer()));
  const shared = new Set(peers.flatMap((peer) => peer.names));
  const own = await createDigestSet(DIGEST_NAMES.filter((name) => !shared.has(name)));
  const pool = new BlockPool(peers.length ? POOL_BLOCKS : 1, BLOCK_BYTES);
  const source = compression ? decompressedBlocks(file, compression, pool, onProgress) : rawBlocks(file, pool, onProgress);
  const stop = () => {
    pool.fail(aborted());
    void source.cancel();
  };
  signal?.addEventListener("abort", stop, { once: true });
  let bytes = 0;
  let next = source.next();
  try {
    for (;;) {
      const block = await next;
      if (signal?.aborted) throw aborted();
      if (!block) break;
      // The next read is under way (the browser fills it on its own threads) while this block is hashed.
      next = source.next();
      bytes += block.byteLength;
      own.update(block);
      // On to each peer in turn and back to the pool, while this thread reads the next block.
      void peers
        .reduce((passing, peer) => passing.then((hashed) => peer.hash(hashed)), Promise.resolve(block))
        .then(
          (hashed) => pool.give(hashed.buffer as ArrayBuffer),
          (error: unknown) => pool.fail(asError(error)),
        );
    }
    await pool.settled();
  } catch (error) {
    next.catch(() => undefined);
    void source.cancel();
    if (signal?.aborted) throw aborted();
    throw error;
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  const values: DigestValues = { ...own.digests() };
  for (const peer of peers) Object.assign(values, await peer.finish());
  const { md5, sha1, sha256, sha512 } = values;
  if (!md5 || !sha1 || !sha256 || !sha512) throw new Error("a digest is missing: every digest needs a hasher");
  return { bytes, md5, sha1, sha256, sha512, identifier: sha1HexToIdentifier(sha1), compression };
}

/** Full blocks of the image in order (the last one shorter), null at its end. */
interface BlockSource {
  next(): Promise<Uint8Array | null>;
  cancel(): Promise<void>;
}

/**
 * An uncompressed file read straight into the pool's buffers (a byte stream's BYOB reader: no chunk
 * allocated, no copy), or chunk by chunk where the stream is not a byte stream.
 */
function rawBlocks(file: Blob, pool: BlockPool, onProgress: HashOptions["onProgress"]): BlockSource {
  let read = 0;
  const count = (bytes: number) => {
    read += bytes;
    onProgress?.(read, file.size);
  };
  const stream = file.stream();
  let byob: ReadableStreamBYOBReader;
  try {
    byob = stream.getReader({ mode: "byob" });
  } catch {
    return chunkedBlocks(stream.getReader(), pool, { onChunk: (chunk) => count(chunk.byteLength) });
  }
  let ended = false;
  return {
    async next() {
      if (ended) return null;
      let buffer = pool.takeNow() ?? (await pool.take());
      let filled = 0;
      while (filled < pool.size) {
        const { done, value } = await byob.read(new Uint8Array(buffer, filled, pool.size - filled));
        if (value) buffer = value.buffer as ArrayBuffer;
        if (done || !value) {
          ended = true;
          break;
        }
        filled += value.byteLength;
        count(value.byteLength);
      }
      if (filled) return new Uint8Array(buffer, 0, filled);
      pool.give(buffer);
      return null;
    },
    cancel: () => byob.cancel(aborted()).catch(() => undefined),
  };
}

function decompressedBlocks(
  file: Blob,
  compression: ImageCompression,
  pool: BlockPool,
  onProgress: HashOptions["onProgress"],
): BlockSource {
  let read = 0;
  // Counts the file's own bytes as they are read, so progress reaches 100% for a compressed image too.
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        onProgress?.(read, file.size);
        controller.enqueue(chunk);
      },
    }),
  );
  const image: ReadableStream<Uint8Array> =
    compression === "gzip"
      ? counted.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>)
      : compression === "xz"
        ? new XzReadableStream(counted)
        : counted.pipeThrough(new Bzip2DecompressStream());
  return chunkedBlocks(image.getReader(), pool, {
    readError: (error) =>
      error instanceof DOMException && error.name === "AbortError"
        ? error
        : new Error(`the file looks ${compression}-compressed but is not a valid ${compression} stream: ${describe(error)}`),
  });
}

/** Chunks of any size (64 KiB or less from files and decoders) gathered into the pool's blocks. */
function chunkedBlocks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  pool: BlockPool,
  { onChunk, readError = (error) => error }: { onChunk?: (chunk: Uint8Array) => void; readError?: (error: unknown) => unknown } = {},
): BlockSource {
  let rest: Uint8Array | undefined;
  let ended = false;
  return {
    async next() {
      if (ended && !rest) return null;
      const block = new Uint8Array(await pool.take());
      let filled = 0;
      while (filled < block.length) {
        if (!rest) {
          if (ended) break;
          const { done, value } = await reader.read().catch((error: unknown) => {
            throw readError(error);
          });
          if (done) {
            ended = true;
            break;
          }
          onChunk?.(value);
          rest = value;
        }
        const take = Math.min(rest.byteLength, block.length - filled);
        block.set(rest.subarray(0, take), filled);
        filled += take;
        rest = take === rest.byteLength ? undefined : rest.subarray(take);
      }
      if (filled) return block.subarray(0, filled);
      pool.give(block.buffer);
      return null;
    },
    cancel: () => reader.cancel(aborted()).catch(() => undefined),
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
