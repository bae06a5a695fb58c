import "server-only";
/** Built images as files: <DATA_DIR>/images/<build id>/<name>, written there by the pipeline itself. */
import fs from "node:fs/promises";
import { fileSource } from "@/lib/http/file-response";
import type { ArtifactStorage } from "./artifact-storage";
import { artifactDir, artifactFile } from "./artifact-store";

export function fileStorage(): ArtifactStorage {
  return {
    description: "files",
    outputDir: (buildId) => artifactDir(buildId),
    keep: async () => undefined,
    remove: (buildId) => fs.rm(artifactDir(buildId), { recursive: true, force: true }),
    async source(buildId, name) {
      const file = artifactFile(buildId, name);
      if (!file) return undefined;
      const stat = await fs.stat(file).catch(() => undefined);
      return stat?.isFile() ? fileSource(file, stat.size) : undefined;
    },
  };
}
