import "server-only";
/**
 * The names and places of built images: `<DATA_DIR>/images/<build id>/<name>` (or the same key in the S3_URL bucket),
 * served by GET /api/v1/builds/{id}/artifacts/{name} (range requests, ETag). That URL is the skeletal
 * metadata's location, so a signed and uploaded build can be the base of the next one: a base whose
 * location is one of our own artifact URLs is read from the store (artifact-storage.ts's localArtifact:
 * files or a bucket), not fetched over HTTP.
 */
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { FORMAT_EXTENSION } from "@/lib/build/recipe";

/** The shape of a build id (db/builds.ts makes them): anything else names no build. */
export const BUILD_ID = /^b_[A-Za-z0-9_-]{16}$/;
/** The names convert.ts gives the images: anything else names no artifact. */
const ARTIFACT_NAME = new RegExp(
  `^image-[0-9a-f]{12}\\.(${Object.values(FORMAT_EXTENSION)
    .map((extension) => extension.replaceAll(".", "\\."))
    .join("|")})$`,
);

export function isArtifactName(name: string): boolean {
  return ARTIFACT_NAME.test(name);
}

export function imagesDir(): string {
  return path.join(env.dataDir, "images");
}

/** Builds' work directories: outside DATA_DIR, whose mode may keep the image's unprivileged root out. */
export function buildWorkParent(): string {
  return path.resolve(/*turbopackIgnore: true*/ env.BUILD_WORK_DIR ?? path.join(os.tmpdir(), "marketplace-build-work"));
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
