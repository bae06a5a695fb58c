import "server-only";
/**
 * Where built images are kept and the URL each is served at: `<DATA_DIR>/images/<build id>/<name>`,
 * served by GET /api/v1/builds/{id}/artifacts/{name} (range requests, ETag). That URL is the skeletal
 * metadata's location, so a signed and uploaded build can be the base of the next one: a base whose
 * location is one of our own artifact URLs is read from here, not fetched over HTTP.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env";

/** The shape of a build id (db/builds.ts makes them): anything else names no build. */
export const BUILD_ID = /^b_[A-Za-z0-9_-]{16}$/;
const ARTIFACT_NAME = /^image-[0-9a-f]{12}\.(img|qcow2|zstd\.qcow2|tar\.zst)$/;

export function imagesDir(): string {
  return path.join(env.dataDir, "images");
}

/** Builds' work directories: outside DATA_DIR, whose mode may keep the image's unprivileged root out. */
export function buildWorkParent(): string {
  return path.resolve(env.BUILD_WORK_DIR ?? path.join(os.tmpdir(), "marketplace-build-work"));
}

export function buildCacheDir(): string {
  return path.join(env.dataDir, "build-cache");
}

export function artifactDir(buildId: string): string {
  if (!BUILD_ID.test(buildId)) throw new Error("not a build id");
  return path.join(imagesDir(), buildId);
}

/** The artifact's file, or undefined for a name that is not an artifact's (nothing outside the store is ever named). */
export function artifactFile(buildId: string, name: string): string | undefined {
  if (!BUILD_ID.test(buildId) || !ARTIFACT_NAME.test(name)) return undefined;
  return path.join(imagesDir(), buildId, name);
}

export function artifactUrl(baseUrl: string, buildId: string, name: string): string {
  return new URL(`api/v1/builds/${buildId}/artifacts/${name}`, baseUrl).toString();
}

/** The store's file for one of our artifact URLs on `baseUrls` (this site's), if it exists. */
export async function localArtifact(url: string, baseUrls: readonly string[]): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!baseUrls.some((base) => new URL(base).origin === parsed.origin)) return undefined;
  const match = /\/api\/v1\/builds\/([^/]+)\/artifacts\/([^/]+)$/.exec(parsed.pathname);
  const file = match ? artifactFile(decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)) : undefined;
  if (!file) return undefined;
  return fs.access(file).then(
    () => file,
    () => undefined,
  );
}
