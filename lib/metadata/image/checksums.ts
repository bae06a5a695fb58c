/**
 * Checksums of an image in one streaming pass over its uncompressed bytes: size, MD5, SHA-1,
 * SHA-256, SHA-512 and the identifier. The digests are independent, so they run in worker threads
 * (digest-plan.ts decides which thread takes which digest) reading the same shared ring slots
 * (ring-layout.ts); this thread only reads or decompresses, which keeps its event loop free.
 * Memory is the ring's fixed size whatever the image size.
 */
import fs from "node:fs/promises";
import os from "node:os";
import { type Compression, guessCompression, openUncompressed } from "@/lib/metadata/image/decompress";
import { ALL_DIGESTS, type DigestName, planDigestWorkers, selectDigests } from "@/lib/metadata/image/digest-plan";
import { startDigestPool } from "@/lib/metadata/image/digest-pool";
import { fillFromFile, fillFromStream } from "@/lib/metadata/image/ring-fill";
import { DEFAULT_RING } from "@/lib/metadata/image/ring-layout";
import { RingWriter } from "@/lib/metadata/image/ring-writer";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";

export type { DigestName } from "@/lib/metadata/image/digest-plan";

export interface ImageChecksums {
  /** Size of the uncompressed image. */
  bytes: bigint;
  md5?: string;
  sha1: string;
  sha256?: string;
  sha512?: string;
  identifier: string;
}

export interface ChecksumProgress {
  /** Bytes read from the file on disk so far (compressed bytes for a compressed image). */
  bytesRead: number;
  /** Size of the file on disk. */
  totalBytes: number;
}

export interface ChecksumOptions {
  /** How the file is compressed; default: guessed from its name (guessCompression). "" reads it as is. */
  compression?: Compression;
  /** Digests to compute; SHA-1 is always computed. Default: all four. */
  digests?: DigestName[];
  onProgress?: (progress: ChecksumProgress) => void;
  signal?: AbortSignal;
}

/**
 * Digest worker threads: one per core, at most one per digest. On two cores, digest-plan.ts gives
 * them MD5+SHA-1 and SHA-256+SHA-512, the most even split possible since MD5 alone costs 2.4 times
 * SHA-1 and cannot be divided. Measured on a 2 GiB image on the 2-core development machine, the
 * two workers were busy 4.5 s and 3.9 s; four workers there (one per digest, leaving the balance
 * to the kernel's scheduler) were no faster, only noisier.
 */
const DIGEST_THREADS = Math.min(ALL_DIGESTS.length, os.availableParallelism());

export async function computeImageChecksums(file: string, options: ChecksumOptions = {}): Promise<ImageChecksums> {
  const { compression = guessCompression(file), signal } = options;
  const totalBytes = (await fs.stat(file)).size;
  signal?.throwIfAborted();
  const report = (bytesRead: number) => options.onProgress?.({ bytesRead, totalBytes });
  const plan = planDigestWorkers(selectDigests(options.digests), DIGEST_THREADS);
  const ring = new RingWriter(DEFAULT_RING, plan.length);
  const pool = startDigestPool(ring, plan);
  const onAbort = () => ring.fail(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const bytes = compression === "" ? await readPlain(ring, file, report) : await readCompressed(ring, file, compression, report, signal);
    ring.end();
    return checksumsOf(BigInt(bytes), await pool.results);
  } catch (error) {
    // After an abort, workers and streams fail with their own messages; the caller wants its reason.
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    ring.fail(new Error("checksum run is over"));
    await pool.terminate();
  }
}

async function readPlain(ring: RingWriter, file: string, report: (bytesRead: number) => void): Promise<number> {
  const handle = await fs.open(file, "r");
  try {
    return await fillFromFile(ring, handle, report);
  } finally {
    await handle.close();
  }
}

async function readCompressed(
  ring: RingWriter,
  file: string,
  compression: Compression,
  report: (bytesRead: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  let compressedRead = 0;
  const stream = openUncompressed(file, compression, { signal, onInputBytes: (bytes) => (compressedRead += bytes) });
  const bytes = await fillFromStream(ring, stream, () => report(compressedRead));
  report(compressedRead);
  return bytes;
}

/** In the order of the metadata document, without the digests that were not asked for. */
function checksumsOf(bytes: bigint, hex: Partial<Record<DigestName, string>>): ImageChecksums {
  const { md5, sha1, sha256, sha512 } = hex;
  if (!sha1) throw new Error("the digest workers returned no SHA-1");
  return {
    bytes,
    ...(md5 ? { md5 } : {}),
    sha1,
    ...(sha256 ? { sha256 } : {}),
    ...(sha512 ? { sha512 } : {}),
    identifier: sha1ToIdentifier(sha1),
  };
}
