/**
 * What the build API, the CLI, the wizard and the worker agree on about a build's state: its
 * statuses, and the shapes of its artifacts and boot result as stored and answered.
 */
export const BUILD_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** The pipeline's stages, in the order they run (lib/server/build/pipeline.ts); the wizard shows them as steps. */
export const BUILD_STAGES = ["resolve-base", "customise", "clean-up", "assemble", "convert", "boot-test", "checksum", "metadata"] as const;
export type BuildStage = (typeof BUILD_STAGES)[number];

/** A build that will not change any more (retry makes a new attempt of it). */
export const FINISHED_BUILD_STATUSES: readonly BuildStatus[] = ["succeeded", "failed", "cancelled"];

export interface BuildArtifactRecord {
  name: string;
  format: string;
  bytes: number;
  md5: string;
  sha1: string;
  sha256: string;
  sha512: string;
}

export interface BuildBootResult {
  passed: boolean;
  seconds: number;
  detail: string;
}

/** What an entry page says about its image's boot test, when this Marketplace built those very bytes. */
export interface ImageBootTest {
  passed: boolean;
  seconds: number;
  /** The context agents the build installed and the test booted with ("stratuslab", "cloud-init"). */
  context: string[];
  at: Date;
}
