import "server-only";
/**
 * Where built images are kept: files under <DATA_DIR>/images/<build id>/ by default, or an
 * S3-compatible bucket when S3_URL is set. The pipeline writes a build's images to `outputDir`;
 * `keep` makes them the build's (a no-op for files: they are already in place; an upload to the
 * bucket otherwise); the artifact URL serves them through `source`, with ranges either way.
 */
import type { ByteSource } from "@/lib/http/file-response";
import { parseS3Url } from "@/lib/build/s3-url";
import { env } from "@/lib/env";
import { fileStorage } from "./artifact-storage-files";
import { BUILD_ID, isArtifactName } from "./artifact-store";
import { s3Storage } from "./artifact-storage-s3";

export interface ArtifactStorage {
  /** For the log and the note of a build: "files" or "s3://bucket/prefix". */
  readonly description: string;
  /** Where the pipeline writes this build's finished images (the work directory's parent is `workParent`). */
  outputDir(buildId: string, workParent: string): string;
  /** Makes the images in `dir` the build's. */
  keep(buildId: string, dir: string, names: readonly string[], signal?: AbortSignal): Promise<void>;
  /** Removes every image of the build (nothing to remove is not an error). */
  remove(buildId: string): Promise<void>;
  /** The image's bytes, or undefined when the store has none by that name. */
  source(buildId: string, name: string): Promise<ByteSource | undefined>;
}

let chosen: { url: string | undefined; storage: ArtifactStorage } | undefined;

export function artifactStorage(): ArtifactStorage {
  if (chosen?.url !== env.S3_URL || !chosen) {
    const location = env.S3_URL ? parseS3Url(env.S3_URL) : undefined;
    // lib/env.ts has refused a bad S3_URL at start; this only narrows the type.
    if (typeof location === "string") throw new Error(`S3_URL: ${location}`);
    chosen = { url: env.S3_URL, storage: location ? s3Storage(location) : fileStorage() };
  }
  return chosen.storage;
}

/** The stored image behind one of our artifact URLs on `baseUrls` (this site's), if there is one. */
export async function localArtifact(url: string, baseUrls: readonly string[]): Promise<ByteSource | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!baseUrls.some((base) => new URL(base).origin === parsed.origin)) return undefined;
  const match = /\/api\/v1\/builds\/([^/]+)\/artifacts\/([^/]+)$/.exec(parsed.pathname);
  if (!match) return undefined;
  const [buildId, name] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
  if (!BUILD_ID.test(buildId) || !isArtifactName(name)) return undefined;
  return artifactStorage().source(buildId, name);
}
