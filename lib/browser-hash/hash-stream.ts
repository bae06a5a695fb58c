/**
 * An image's size, MD5, SHA-1, SHA-256, SHA-512 and identifier in one streaming pass, in the browser
 * (a Web Worker runs it: hash.worker.ts). A gzip, xz or bzip2 image, told by its first bytes and not its
 * name, is decompressed on the way, so the digests are of the image itself, as the CLI's
 * build-metadata computes them. Memory stays bounded: chunks flow through and are dropped.
 */
import { XzReadableStream } from "xz-decompress";
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

/** Peers get the image in blocks of this size: few messages, little memory. */
const BLOCK_BYTES = 1024 * 1024;

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
        : compression === "bzip2"
          ? counted.pipeThrough(new Bzip2DecompressStream())
          : counted;

  const shared = new Set(peers.flatMap((peer) => peer.names));
  const own = await createDigestSet(DIGEST_NAMES.filter((name) => !shared.has(name)));
  // With peers, chunks (64 KiB or less from the file and the decoders) are gathered into blocks.
  let block = new Uint8Array(peers.length ? BLOCK_BYTES : 0);
  let filled = 0;
  const flush = async () => {
    if (!filled) return;
    const full = filled === block.length ? block : block.slice(0, filled);
    for (const peer of peers) await peer.send(full);
    own.update(full);
    block = new Uint8Array(BLOCK_BYTES);
    filled = 0;
  };
  let bytes = 0;
  const reader = image.getReader();
  const stop = () => void reader.cancel(aborted()).catch(() => undefined);
  signal?.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw aborted();
        if (!compression) throw error;
        throw new Error(`the file looks ${compression}-compressed but is not a valid ${compression} stream: ${describe(error)}`);
      }
      if (signal?.aborted) throw aborted();
      if (next.done) break;
      const chunk = next.value;
      bytes += chunk.byteLength;
      if (!peers.length) {
        own.update(chunk);
        continue;
      }
      for (let offset = 0; offset < chunk.byteLength;) {
        const take = Math.min(chunk.byteLength - offset, BLOCK_BYTES - filled);
        block.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === BLOCK_BYTES) await flush();
      }
    }
    await flush();
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  const values: DigestValues = { ...own.digests() };
  for (const peer of peers) Object.assign(values, await peer.finish());
  const { md5, sha1, sha256, sha512 } = values;
  if (!md5 || !sha1 || !sha256 || !sha512) throw new Error("a digest is missing: every digest needs a hasher");
  return { bytes, md5, sha1, sha256, sha512, identifier: sha1HexToIdentifier(sha1), compression };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
