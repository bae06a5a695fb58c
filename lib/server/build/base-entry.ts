import "server-only";
/**
 * A Marketplace entry as a build's base (issue 10): only an entry that is valid now (not expired, not
 * deprecated) and whose trust label the site's TRUST_POLICY publishes can be one. Its image is read
 * from this Marketplace's own store when its location is one of our artifact URLs, otherwise fetched
 * from its web location through the SSRF rules (BUILD_FETCH_ALLOW, size and time caps), and checked
 * against every SHA-1/SHA-256/SHA-512 the signed entry states, and its size, before any build step:
 * bytes that do not match are refused, and the build never starts on them.
 */
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { entriesForImage, getEntry } from "@/db";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import type { ByteSource } from "@/lib/http/file-response";
import { addressPolicy } from "@/lib/http/outbound/address-policy";
import { outboundRequest } from "@/lib/http/outbound/outbound-request";
import { isPublishable } from "@/lib/metadata/pki/trust-policy";
import { parseMetadataDate } from "@/lib/metadata/dates";
import { hashingStream } from "./hashing-stream";
import type { BaseSource } from "./resolve-base";
import type { ToolLog } from "./run-tool";

/** Digests of the signed entry that the fetched bytes must match (MD5 is not trusted for this). */
const CHECKED = new Map([
  ["SHA-1", "sha1"],
  ["SHA-256", "sha256"],
  ["SHA-512", "sha512"],
]);

export interface EntryBaseOptions {
  identifier: string;
  email?: string;
  workDir: string;
  /** An artifact URL of this Marketplace -> its bytes in the store, or undefined for any other URL. */
  localImage: (url: string) => Promise<ByteSource | undefined>;
  signal?: AbortSignal;
  log?: ToolLog;
}

export async function entryBase(options: EntryBaseOptions): Promise<BaseSource> {
  const { identifier, email, log } = options;
  const now = new Date();
  const candidates = (await entriesForImage(identifier, now)).filter((e) => e.latest && (!email || e.email === email.toLowerCase()));
  if (candidates.length === 0)
    throw new AppError("unprocessable", `no entry for the image ${identifier}${email ? ` endorsed by ${email}` : ""}`);
  const usable = candidates.find((e) => e.status === "valid" && !e.deprecated && isPublishable(e.trust, env.TRUST_POLICY));
  if (!usable) {
    const first = candidates[0]!;
    const why =
      first.deprecated !== undefined
        ? "deprecated"
        : first.status !== "valid"
          ? (first.status ?? "without a validity")
          : `signed with a certificate labelled ${first.trust}`;
    throw new AppError(
      "unprocessable",
      `the entry for ${identifier} is ${why}: only valid entries the site's trust policy accepts can be bases`,
    );
  }
  const detail = await getEntry({ identifier, email: usable.email, created: usable.created }, now);
  if (!detail) throw new AppError("unprocessable", `the entry for ${identifier} is gone`);
  const expected = new Map<string, string>();
  for (const checksum of detail.metadata.checksums) {
    const name = CHECKED.get(checksum.algorithm.toUpperCase());
    if (name) expected.set(name, checksum.value.toLowerCase().replace(/^0+/, ""));
  }
  if (!expected.has("sha1")) throw new AppError("unprocessable", `the entry for ${identifier} states no SHA-1 to check its image against`);
  const locations = detail.metadata.locations.filter((location) => /^https?:\/\//.test(location));
  if (locations.length === 0)
    throw new AppError("unprocessable", `the entry for ${identifier} has no http(s) location to fetch its image from`);
  if (detail.metadata.compression) {
    throw new AppError(
      "unprocessable",
      `the entry's image is ${detail.metadata.compression}-compressed: a base must be an uncompressed disk image`,
    );
  }

  const file = path.join(options.workDir, "base.download");
  const problems: string[] = [];
  for (const location of locations) {
    try {
      const local = await options.localImage(location);
      log?.(local ? `base: ${location}, from this Marketplace's store` : `base: fetching ${location}`, "stdout");
      const digests = local ? await copyHashing(local, file, options.signal) : await fetchHashing(location, file, options.signal);
      const mismatch = [...expected].find(
        ([name, value]) => String(digests[name as "sha1" | "sha256" | "sha512"]).replace(/^0+/, "") !== value,
      );
      if (mismatch) {
        const algorithm = [...CHECKED].find(([, name]) => name === mismatch[0])![0];
        throw new AppError(
          "unprocessable",
          `the image at ${location} does not match the entry's signed ${algorithm}: refused before any build step`,
        );
      }
      if (BigInt(digests.bytes) !== BigInt(detail.metadata.bytes)) {
        throw new AppError("unprocessable", `the image at ${location} is ${digests.bytes} bytes, the entry says ${detail.metadata.bytes}`);
      }
      const created = parseMetadataDate(detail.metadata.created ?? usable.created);
      return {
        kind: "entry",
        ref: identifier,
        file,
        sha256: digests.sha256,
        epochSeconds: Math.floor((created?.getTime() ?? Date.now()) / 1000),
      };
    } catch (error) {
      await fs.rm(file, { force: true });
      if (options.signal?.aborted) throw error;
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new AppError("unprocessable", problems.join("; "));
}

type Digests = Record<"sha1" | "sha256" | "sha512", string> & { bytes: number };

const ALGORITHMS = ["sha1", "sha256", "sha512"] as const;

async function writeHashing(body: Readable, file: string, signal: AbortSignal): Promise<Digests> {
  const hashing = hashingStream(ALGORITHMS);
  await pipeline(body, hashing.transform, createWriteStream(file, { mode: 0o644 }), { signal });
  return { bytes: hashing.bytes(), ...hashing.digests() };
}

async function fetchHashing(url: string, file: string, signal?: AbortSignal): Promise<Digests> {
  // The whole download has a deadline; the socket's own timeout only catches a server gone silent.
  const seconds = env.BUILD_FETCH_TIMEOUT_SECONDS;
  const deadline = AbortSignal.timeout(seconds * 1000);
  const response = await outboundRequest(url, {
    policy: addressPolicy(env.BUILD_FETCH_ALLOW),
    timeoutMs: 60_000,
    maxBytes: env.BUILD_FETCH_MAX_BYTES,
  });
  if (response.status !== 200) {
    response.body.resume();
    throw new AppError("upstream_failed", `${url} answered ${response.status}`);
  }
  try {
    return await writeHashing(response.body, file, signal ? AbortSignal.any([signal, deadline]) : deadline);
  } catch (error) {
    if (deadline.aborted && !signal?.aborted)
      throw new AppError("upstream_failed", `${url} took more than ${seconds} s to download (BUILD_FETCH_TIMEOUT_SECONDS)`);
    throw error;
  }
}

async function copyHashing(source: ByteSource, file: string, signal?: AbortSignal): Promise<Digests> {
  const body = source.size === 0 ? Readable.from([]) : await source.open(0, source.size - 1);
  return writeHashing(body, file, signal ?? new AbortController().signal);
}
