import "server-only";
/**
 * The `build` job: one attempt of one build. It takes the build (startBuildAttempt: a build found
 * "running" was left by a worker that died, and runs again), removes what an earlier attempt left in
 * the work directory, runs the pipeline with its progress and log going to the database, and ends the
 * build succeeded, failed (the reason and the log kept) or cancelled. Every write is fenced by the
 * attempt, so a worker that was presumed dead changes nothing when it wakes. The owner gets a mail.
 *
 * Cancel: the worker looks at the build every two seconds; a cancel request (or a lost lease) aborts
 * the pipeline, which kills the running tool and its namespaces and removes the work directory.
 */
import fs from "node:fs/promises";
import path from "node:path";
import {
  appendBuildLog,
  buildMayContinue,
  bytesStoredBy,
  finishBuild,
  getUserById,
  queueMail,
  reportBuildProgress,
  startBuildAttempt,
  type BuildOutcome,
} from "@/db";
import type { JobRow } from "@/db/schema";
import { parseRecipe, type Recipe } from "@/lib/build/recipe";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { PermanentJobError, type JobContext } from "../jobs/registry";
import { BUILD_ID, artifactUrl, buildCacheDir, buildWorkParent } from "./artifact-store";
import { artifactStorage, localArtifact } from "./artifact-storage";
import { entryBase } from "./base-entry";
import { readHostApt } from "./host-apt";
import { runBuild, type BuildResult } from "./pipeline";
import type { BaseSource } from "./resolve-base";
import { BuildCancelled } from "./run-tool";
import { buildIdRange, removeImageTree } from "./sandbox";
import { uploadedDiskFile } from "./uploaded-disks";

const CHECK_MS = 2_000;
const LOG_FLUSH_MS = 500;

export async function runBuildJob(job: JobRow, context: JobContext): Promise<void> {
  const buildId = String(job.payload.buildId ?? "");
  if (!BUILD_ID.test(buildId)) throw new PermanentJobError(`the job names no build (${buildId.slice(0, 40)})`);
  // This worker holds the job, so no one else works on the build: what an earlier attempt left here
  // (its worker died) goes before the new attempt starts.
  await removeEarlierAttempts(buildId);
  const build = await startBuildAttempt(buildId, context.worker);
  if (!build) return;
  const attempt = build.attempt;
  const workParent = path.join(buildWorkParent(), `${buildId}-${attempt}`);

  const controller = new AbortController();
  let cancelled = false;
  const abort = (reason: string) => controller.abort(new BuildCancelled(reason));
  context.signal.addEventListener("abort", () => abort("the worker stopped"), { once: true });
  const watch = setInterval(() => {
    buildMayContinue(buildId, attempt)
      .then((goOn) => {
        if (!goOn) {
          cancelled = true;
          abort("cancel requested");
        }
      })
      .catch(() => undefined);
  }, CHECK_MS);
  watch.unref();

  let pending: string[] = [];
  const flush = async () => {
    const lines = pending;
    pending = [];
    await appendBuildLog(buildId, attempt, lines).catch(() => undefined);
  };
  const flusher = setInterval(() => void flush(), LOG_FLUSH_MS);
  flusher.unref();
  let lastStage = "";
  let lastReport = 0;
  const progress = (stage: string, percent: number) => {
    const now = Date.now();
    if (stage === lastStage && now - lastReport < 1000 && percent < 100) return;
    lastStage = stage;
    lastReport = now;
    void reportBuildProgress(buildId, attempt, stage, percent)
      .then((goOn) => {
        if (!goOn) {
          cancelled = true;
          abort("cancel requested");
        }
      })
      .catch(() => undefined);
  };

  let outcome: BuildOutcome;
  const storage = artifactStorage();
  const outputDir = storage.outputDir(buildId, workParent);
  const removeOutputs = () => Promise.all([storage.remove(buildId), fs.rm(outputDir, { recursive: true, force: true })]);
  try {
    const parsed = parseRecipe(build.recipe);
    if (!parsed.ok)
      throw new Error(`the stored recipe no longer parses: ${parsed.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
    const recipe = parsed.recipe;
    await removeOutputs();
    await fs.mkdir(workParent, { recursive: true, mode: 0o711 });
    for (const dir of [buildWorkParent(), workParent]) await fs.chmod(dir, 0o711);
    const source = await baseSource(recipe, build.ownerId, build.baseUrl, workParent, controller.signal, (line) => pending.push(line));
    const result: BuildResult = await runBuild(
      recipe,
      source,
      {
        range: await buildIdRange(),
        hostApt: await readHostApt("bookworm"),
        cacheDir: buildCacheDir(),
        workParent,
        outputDir,
      },
      {
        signal: controller.signal,
        log: (line) => pending.push(line),
        progress,
        locationOf: (name) => artifactUrl(build.baseUrl, buildId, name),
      },
    );
    const bytes = result.artifacts.reduce((sum, a) => sum + Number(a.checksums.bytes), 0);
    const stored = await bytesStoredBy(build.ownerId);
    if (stored + bytes > env.BUILD_USER_QUOTA_BYTES) {
      throw new Error(
        `the images would take ${gib(stored + bytes)} of your ${gib(env.BUILD_USER_QUOTA_BYTES)} quota: delete older builds first (DELETE /api/v1/builds/{id})`,
      );
    }
    await storage.keep(
      buildId,
      outputDir,
      result.artifacts.map((a) => a.name),
      controller.signal,
    );
    outcome = {
      status: "succeeded",
      artifacts: result.artifacts.map((a) => ({
        name: a.name,
        format: a.format,
        bytes: Number(a.checksums.bytes),
        md5: a.checksums.md5 ?? "",
        sha1: a.checksums.sha1,
        sha256: a.checksums.sha256 ?? "",
        sha512: a.checksums.sha512 ?? "",
      })),
      metadataXml: result.metadataXml,
      record: result.record as unknown as Record<string, unknown>,
      boot: result.boot ?? null,
      bytesStored: bytes,
    };
  } catch (error) {
    await removeOutputs().catch((removal: unknown) =>
      logger.warn("could not remove a failed build's images", { build: buildId, error: String(removal) }),
    );
    if (context.signal.aborted && !cancelled) {
      // The lease was lost or the server is stopping: the job runs again (or the reaper fails it).
      clearInterval(watch);
      clearInterval(flusher);
      await flush();
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    outcome =
      cancelled || error instanceof BuildCancelled ? { status: "cancelled", error: "cancelled" } : { status: "failed", error: message };
    pending.push(cancelled ? "cancelled" : `failed: ${message}`);
  } finally {
    clearInterval(watch);
    clearInterval(flusher);
    await removeWorkDir(workParent);
  }
  await flush();
  if (await finishBuild(buildId, attempt, outcome)) {
    logger.info("build finished", { build: buildId, status: outcome.status });
    await mailOwner(build.ownerId, build.baseUrl, buildId, outcome).catch((error: unknown) =>
      logger.warn("could not queue the build mail", { build: buildId, error: String(error) }),
    );
  }
}

async function baseSource(
  recipe: Recipe,
  ownerId: string,
  baseUrl: string,
  workDir: string,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<BaseSource> {
  const base = recipe.base;
  if ("bootstrap" in base) return { kind: "bootstrap", suite: base.bootstrap };
  if ("upload" in base) {
    const disk = await uploadedDiskFile(ownerId, base.upload);
    return {
      kind: "upload",
      ref: base.upload,
      file: disk.file,
      sha256: disk.sha256,
      epochSeconds: Math.floor(disk.uploadedAt.getTime() / 1000),
    };
  }
  const ours = [baseUrl, ...(env.PUBLIC_URL ? [env.PUBLIC_URL] : [])];
  return entryBase({
    identifier: base.identifier,
    email: base.email,
    workDir,
    localImage: (url) => localArtifact(url, ours),
    signal,
    log: (line) => log(line),
  });
}

/** Work directories of this build's earlier attempts (their worker died): gone before this one starts. */
async function removeEarlierAttempts(buildId: string): Promise<void> {
  const parent = buildWorkParent();
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(`${buildId}-`)) await removeWorkDir(path.join(parent, name));
  }
}

/**
 * A work directory goes, whatever is wrong: its image tree belongs to the build's unprivileged root,
 * so it is removed as that root; without the subordinate ids (the reason the build failed, perhaps)
 * there is no such tree, and a plain removal does.
 */
async function removeWorkDir(dir: string): Promise<void> {
  await buildIdRange()
    .then((range) => removeImageTree(range, dir))
    .catch(() => fs.rm(dir, { recursive: true, force: true }).catch(() => undefined));
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

async function mailOwner(ownerId: string, baseUrl: string, buildId: string, outcome: BuildOutcome): Promise<void> {
  const owner = await getUserById(ownerId);
  if (!owner) return;
  const link = new URL(`api/v1/builds/${buildId}`, baseUrl).toString();
  const lines =
    outcome.status === "succeeded"
      ? [
          "Your image build has finished.",
          "",
          ...(outcome.artifacts ?? []).map(
            (a) => `${a.name} (${a.format}, ${a.bytes} bytes)\n  SHA-256 ${a.sha256}\n  ${artifactUrl(baseUrl, buildId, a.name)}`,
          ),
          "",
          `The skeletal metadata, ready for marketplace sign-metadata: ${link}/metadata.xml`,
        ]
      : outcome.status === "cancelled"
        ? ["Your image build was cancelled."]
        : ["Your image build failed:", "", outcome.error ?? "", "", `Its log: ${link}/events`];
  await queueMail({
    to: owner.email,
    subject: `Image build ${buildId} ${outcome.status}`,
    text: `${lines.join("\n")}\n\nThe build: ${link}\n`,
    kind: "build-result",
  });
}
