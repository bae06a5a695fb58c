import "server-only";
/**
 * The resolve-base stage: the build's root filesystem, extracted into the work directory as the
 * image's root. A bootstrap base comes from the mmdebstrap cache; a disk (a Marketplace entry's image,
 * already checked against its signed checksums by whoever fetched it, or an uploaded disk) is imported.
 * The record says what the base was and the SHA-256 of the bytes read.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { BuildRecord } from "@/lib/build/build-record";
import { bootstrapBase } from "./bootstrap-base";
import type { HostApt } from "./host-apt";
import { importDisk } from "./import-disk";
import type { ToolLog } from "./run-tool";
import { extractTree } from "./tar-tree";
import type { Runner } from "./sandbox";

/** Device nodes cannot be made in the image's namespace (nor are they needed: /dev is mounted per step). */
const NO_DEVICES = ["./dev/*"];

export type BaseSource =
  | { kind: "bootstrap"; suite: string }
  /** A disk whose bytes were verified (an entry's against its signed checksums) or are the user's own upload. */
  | { kind: "entry" | "upload"; ref: string; file: string; sha256: string; epochSeconds: number };

export interface ResolvedBase {
  root: string;
  record: BuildRecord["base"];
  epochSeconds: number;
  tools: { name: string; version: string }[];
}

export interface ResolveOptions {
  source: BaseSource;
  workDir: string;
  cacheDir: string;
  hostApt: HostApt;
  imageRoot: Runner;
  signal?: AbortSignal;
  log?: ToolLog;
}

export async function resolveBase(options: ResolveOptions): Promise<ResolvedBase> {
  const { source, signal, log } = options;
  const root = path.join(options.workDir, "rootfs");
  await options.imageRoot(["mkdir", "-p", root], { signal });
  if (source.kind === "bootstrap") {
    const suite = source.suite.replace(/^debian:/, "");
    log?.(`base: Debian ${suite}, minbase, from the build cache or mmdebstrap`, "stdout");
    const base = await bootstrapBase({ suite, mirror: options.hostApt.mirror, cacheDir: options.cacheDir, signal, log });
    log?.(
      base.cached ? `base from the cache (${base.key.slice(0, 12)})` : `base bootstrapped and cached (${base.key.slice(0, 12)})`,
      "stdout",
    );
    await extractTree(options.imageRoot, base.tarball, root, { exclude: NO_DEVICES, signal, log });
    return {
      root,
      record: { kind: "bootstrap", ref: source.suite, sha256: await cachedSha256(base.tarball) },
      epochSeconds: base.epochSeconds,
      tools: [{ name: "mmdebstrap", version: base.tool }],
    };
  }
  const { tarball, format } = await importDisk({ file: source.file, workDir: options.workDir, signal, log });
  await extractTree(options.imageRoot, tarball, root, { exclude: NO_DEVICES, signal, log });
  await fs.rm(tarball, { force: true });
  log?.(`base: ${source.kind === "entry" ? "Marketplace entry" : "uploaded disk"} ${source.ref} (${format})`, "stdout");
  return { root, record: { kind: source.kind, ref: source.ref, sha256: source.sha256 }, epochSeconds: source.epochSeconds, tools: [] };
}

/** SHA-256 of a cached base, kept beside it so a cached build does not hash 120 MB again. */
async function cachedSha256(file: string): Promise<string> {
  const sidecar = `${file}.sha256`;
  const known = await fs.readFile(sidecar, "utf8").catch(() => "");
  if (/^[0-9a-f]{64}$/.test(known.trim())) return known.trim();
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const digest = hash.digest("hex");
  await fs.writeFile(sidecar, digest);
  return digest;
}
