import "server-only";
/**
 * One check of one web location of an entry (issue 12's integrity monitor): a HEAD first (a broken
 * link or a wrong Content-Length of an uncompressed image is found without downloading), then the
 * whole image streamed at a capped rate, decompressed as the entry says, counted and hashed with every
 * digest the signed entry states; nothing is written anywhere. Every fetch goes through the SSRF rules
 * (outboundRequest). The answer is a finding, never a throw: a failure is what the check is for.
 */
import { createHash, type Hash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "@/lib/errors";
import type { LocationCheck, LocationOutcome } from "@/lib/entries/integrity";
import type { AddressPolicy } from "@/lib/http/outbound/address-policy";
import { outboundRequest } from "@/lib/http/outbound/outbound-request";
import { compressionOf, uncompressedStream } from "@/lib/metadata/image/decompress";
import type { Checksum } from "@/lib/metadata/model";

export interface ExpectedImage {
  /** slreq:bytes: the uncompressed size, decimal. */
  bytes: string;
  checksums: readonly Checksum[];
  /** slreq:compression as written. */
  compression?: string;
}

export interface CheckOptions {
  policy: AddressPolicy;
  /** Images over this many uncompressed bytes are not downloaded: the check stops at the HEAD. */
  maxBytes: number;
  bytesPerSecond: number;
  /** For the answer's headers and for each silence in the body. Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type Finding = Omit<LocationCheck, "checkedAt" | "verifiedAt">;

/** The signed entry's algorithm names (Java MessageDigest names, any case) -> node:crypto's. */
const ALGORITHMS: Record<string, string> = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512" };

/** Hex as the format allows it written (either case, leading zeros) compared as a number. */
const normalHex = (hex: string) => hex.trim().toLowerCase().replace(/^0+/, "");

export async function checkLocation(location: string, expected: ExpectedImage, options: CheckOptions): Promise<Finding> {
  const finding = (outcome: LocationOutcome, detail: string, extra: Partial<Finding> = {}): Finding => ({
    location,
    outcome,
    detail,
    ...extra,
  });
  const size = BigInt(expected.bytes);
  const compression = compressionOf(expected.compression);

  let head: Awaited<ReturnType<typeof outboundRequest>> | undefined;
  try {
    head = await outboundRequest(location, { policy: options.policy, method: "HEAD", timeoutMs: options.timeoutMs });
    head.body.resume();
  } catch (error) {
    return finding("unreachable", reasonOf(error));
  }
  // Servers that do not implement HEAD (405, 501) or fail at it are asked with a GET before anything is concluded.
  const headUsable = head.status >= 200 && head.status < 300;
  if (!headUsable && head.status >= 400 && head.status < 500 && head.status !== 405)
    return finding("unreachable", `answered ${head.status} ${statusText(head.status)}`, { httpStatus: head.status });
  const announced = headUsable ? contentLength(head.headers["content-length"]) : undefined;
  if (announced !== undefined && compression === "" && announced !== size)
    return finding("size-mismatch", `is ${announced} bytes (Content-Length), the entry says ${size}`, { httpStatus: head.status });

  if (size > BigInt(options.maxBytes)) {
    if (!headUsable) return finding("unreachable", `answered ${head.status} ${statusText(head.status)}`, { httpStatus: head.status });
    return finding(
      "reachable",
      `answers; the image (${size} bytes) is over this site's cap of ${options.maxBytes} bytes, so it was not hashed`,
      {
        httpStatus: head.status,
      },
    );
  }
  if (compression === undefined) {
    if (!headUsable) return finding("unreachable", `answered ${head.status} ${statusText(head.status)}`, { httpStatus: head.status });
    return finding("reachable", `answers; its compression "${expected.compression}" cannot be decoded here, so it was not hashed`, {
      httpStatus: head.status,
    });
  }

  const wanted = expected.checksums
    .map((checksum) => ({ name: checksum.algorithm, node: ALGORITHMS[checksum.algorithm.toUpperCase()], value: normalHex(checksum.value) }))
    .filter((checksum): checksum is { name: string; node: string; value: string } => checksum.node !== undefined);
  let response: Awaited<ReturnType<typeof outboundRequest>>;
  try {
    // The body on the wire is capped too: a compressed image larger than the cap is as much as we read.
    response = await outboundRequest(location, { policy: options.policy, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
  } catch (error) {
    return finding("unreachable", reasonOf(error));
  }
  if (response.status !== 200) {
    response.body.resume();
    return finding("unreachable", `answered ${response.status} ${statusText(response.status)}`, { httpStatus: response.status });
  }
  const hashes = new Map<string, Hash>(wanted.map((checksum) => [checksum.node, createHash(checksum.node)]));
  let seen = 0n;
  const tooLong = new AppError("conflict", `is longer than the ${size} bytes the entry says`);
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += BigInt(chunk.length);
      if (seen > size) return done(tooLong);
      for (const hash of hashes.values()) hash.update(chunk);
      done();
    },
  });
  try {
    const wire = throttled(response.body, options.bytesPerSecond, options.signal);
    await pipeline(uncompressedStream(wire, compression, location), counting, { signal: options.signal });
  } catch (error) {
    options.signal?.throwIfAborted();
    const extra = { httpStatus: 200, bytes: String(seen) };
    if (error === tooLong) return finding("size-mismatch", tooLong.message, extra);
    // A stream that does not decompress is an image that differs from the one signed.
    if (AppError.is(error) && error.code === "bad_request") return finding("checksum-mismatch", error.message, extra);
    return finding("unreachable", `the download broke off after ${seen} bytes: ${reasonOf(error)}`, extra);
  }
  const extra = { httpStatus: 200, bytes: String(seen) };
  if (seen !== size) return finding("size-mismatch", `is ${seen} bytes, the entry says ${size}`, extra);
  for (const checksum of wanted) {
    const actual = normalHex(hashes.get(checksum.node)!.digest("hex"));
    if (actual !== checksum.value) return finding("checksum-mismatch", `its ${checksum.name} differs from the signed one`, extra);
  }
  if (wanted.length === 0) return finding("reachable", "has the signed size; the entry states no checksum this site can compute", extra);
  return finding("verified", `${size} bytes; ${wanted.map((checksum) => checksum.name).join(", ")} match the signed entry`, extra);
}

/** Passes the bytes on no faster than `bytesPerSecond`, averaged from the first byte. */
function throttled(body: Readable, bytesPerSecond: number, signal?: AbortSignal): Readable {
  const started = performance.now();
  let passed = 0;
  const gate = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      passed += chunk.length;
      const ahead = (passed / bytesPerSecond) * 1000 - (performance.now() - started);
      if (ahead <= 1) return done(null, chunk);
      sleep(ahead, undefined, { signal }).then(
        () => done(null, chunk),
        (error: unknown) => done(error as Error),
      );
    },
  });
  body.once("error", (error) => gate.destroy(error));
  // A check that stops early (the image is too long, or does not decompress) closes the connection.
  gate.once("close", () => body.destroy());
  return body.pipe(gate);
}

function contentLength(value: string | undefined): bigint | undefined {
  return value !== undefined && /^\d{1,20}$/.test(value.trim()) ? BigInt(value.trim()) : undefined;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const STATUS_TEXTS: Record<number, string> = {
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  410: "Gone",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function statusText(status: number): string {
  return STATUS_TEXTS[status] ?? "";
}
