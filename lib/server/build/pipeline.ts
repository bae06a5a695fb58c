import "server-only";
/**
 * One image build, stage by stage (issue 10): resolve base -> customise -> clean up -> assemble ->
 * convert -> checksum -> metadata. Each stage is its own module, testable alone; this file only runs
 * them in order in a work directory of the build's own, reports the stage and percent as it goes, and
 * removes the work directory whatever happens (a cancelled or failed build leaves no work files).
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { buildRecordExtension, recipeSha256, sha256Text, type BuildRecord } from "@/lib/build/build-record";
import type { Recipe } from "@/lib/build/recipe";
import type { BuildBootResult, BuildStage } from "@/lib/build/build-status";
import { computeImageChecksums, type ImageChecksums } from "@/lib/metadata/image/checksums";
import { buildSkeleton } from "@/lib/metadata/image/skeleton";
import { assembleExt4 } from "./assemble-ext4";
import { assembleBootable } from "./assemble-bootable";
import { bootTest } from "./boot-test";
import { canonicalTree } from "./canonical-tree";
import { cleanUp } from "./clean-up";
import { convert, type OutputFormat } from "./convert";
import { chrootDriver, customise } from "./customise";
import type { HostApt } from "./host-apt";
import { resolveBase, type BaseSource } from "./resolve-base";
import { hostRunner, giveToImageRoot, imageRootRunner, removeImageTree, type IdRange } from "./sandbox";

export { BUILD_STAGES, type BuildStage } from "@/lib/build/build-status";

/** Each stage's share of the whole, in percent, from the guide's timings. */
const STAGE_WEIGHT: Readonly<Record<BuildStage, number>> = {
  "resolve-base": 15,
  customise: 45,
  "clean-up": 5,
  assemble: 10,
  convert: 10,
  "boot-test": 0,
  checksum: 10,
  metadata: 5,
};

export interface BuildEnvironment {
  range: IdRange;
  hostApt: HostApt;
  /** Where bootstrap bases are kept between builds. */
  cacheDir: string;
  /** Where this build's work directory is made (and removed). */
  workParent: string;
  /** Where the artifacts are written. */
  outputDir: string;
}

export interface BuildHooks {
  signal?: AbortSignal;
  log?: (line: string) => void;
  progress?: (stage: BuildStage, percent: number) => void;
  /** The URL an artifact will be served at: the skeletal metadata's location. */
  locationOf?: (fileName: string) => string | undefined;
}

export interface BuiltArtifact {
  name: string;
  format: OutputFormat;
  file: string;
  checksums: ImageChecksums;
}

export interface BuildResult {
  artifacts: BuiltArtifact[];
  /** The skeletal metadata of the first artifact, unsigned, holding the build record. */
  metadataXml: string;
  record: BuildRecord;
  /** The boot test's result, when the build ran one. */
  boot?: BuildBootResult;
}

export async function runBuild(recipe: Recipe, source: BaseSource, env: BuildEnvironment, hooks: BuildHooks = {}): Promise<BuildResult> {
  const { signal } = hooks;
  const log = (line: string) => hooks.log?.(line);
  const toolLog = (line: string) => log(line);
  let before = 0;
  const enter = (stage: BuildStage) => {
    signal?.throwIfAborted();
    hooks.progress?.(stage, before);
    log(`:: ${stage}`);
    const start = before;
    before += STAGE_WEIGHT[stage];
    return (fraction: number) => hooks.progress?.(stage, Math.min(before, Math.round(start + STAGE_WEIGHT[stage] * fraction)));
  };

  await fs.mkdir(env.workParent, { recursive: true });
  await fs.mkdir(env.outputDir, { recursive: true });
  const workDir = await fs.mkdtemp(path.join(env.workParent, "build-"));
  // The image's root (an unprivileged id) must pass through to its own directory and the staged input.
  await fs.chmod(workDir, 0o711);
  const imageRoot = imageRootRunner(env.range);
  try {
    const scratch = path.join(workDir, "image");
    await fs.mkdir(scratch);
    await giveToImageRoot(env.range, scratch);

    enter("resolve-base");
    const base = await resolveBase({
      source,
      workDir: scratch,
      cacheDir: env.cacheDir,
      hostApt: env.hostApt,
      imageRoot,
      signal,
      log: toolLog,
    });

    const driver = chrootDriver(env.range, base.root);
    const customiseProgress = enter("customise");
    const customised = await customise({
      recipe,
      driver,
      inputDir: path.join(workDir, "input"),
      hostApt: env.hostApt,
      signal,
      log: toolLog,
      progress: customiseProgress,
    });

    enter("clean-up");
    await cleanUp({ recipe, driver, root: base.root, epochSeconds: base.epochSeconds, run: imageRoot, signal, log: toolLog });

    enter("assemble");
    const tree = await canonicalTree({
      root: base.root,
      scratchDir: scratch,
      epochSeconds: base.epochSeconds,
      imageRoot,
      signal,
      log: toolLog,
    });
    const seed = recipeSha256(recipe) + base.record.sha256;
    const rootExt4 = path.join(scratch, "root.ext4");
    await assembleExt4({
      rootDir: tree.root,
      output: rootExt4,
      sizeBytes: await imageSize(imageRoot, tree.root),
      label: "rootfs",
      seed,
      epochSeconds: base.epochSeconds,
      run: imageRoot,
      signal,
      log: toolLog,
    });

    let raw = rootExt4;
    if (recipe.bootable) {
      raw = path.join(scratch, "disk.raw");
      await assembleBootable({ rootImage: rootExt4, output: raw, scratchDir: scratch, signal, log: toolLog });
      await fs.rm(rootExt4, { force: true });
    }

    enter("convert");
    const baseName = `image-${createHash("sha256").update(seed).digest("hex").slice(0, 12)}`;
    // Written in the work directory and moved out only when the build succeeds: a failed or cancelled
    // build leaves no artifact behind either.
    const outDir = path.join(workDir, "out");
    await fs.mkdir(outDir);
    const converted = await convert({
      raw,
      tarball: tree.tarball,
      formats: recipe.formats,
      outputDir: outDir,
      baseName,
      signal,
      log: toolLog,
    });

    let boot: BuildBootResult | undefined;
    if (recipe.bootable && (recipe.bootTest ?? true)) {
      enter("boot-test");
      log(`booting the image under QEMU (TCG) with ${recipe.context.join(" and ") || "no"} context disk(s)`);
      boot = await bootTest({ disk: raw, format: "raw", contexts: recipe.context, scratchDir: scratch, signal, log });
      log(boot.passed ? `boot test passed in ${boot.seconds} s` : `boot test failed after ${boot.seconds} s`);
    }

    const checksumProgress = enter("checksum");
    const artifacts: BuiltArtifact[] = [];
    for (const [i, item] of converted.entries()) {
      const checksums = await computeImageChecksums(item.file, { compression: "", signal });
      artifacts.push({ name: path.basename(item.file), format: item.format, file: item.file, checksums });
      checksumProgress((i + 1) / converted.length);
    }

    enter("metadata");
    const record: BuildRecord = {
      base: base.record,
      packages: customised.packages,
      scripts: recipe.scripts.map((script) => ({ name: script.name, sha256: sha256Text(script.content), args: script.args })),
      context: recipe.context,
      bootable: recipe.bootable,
      driver: { name: driver.name, version: await driver.version() },
      tools: [...base.tools, ...(await toolVersions())],
      recipeSha256: recipeSha256(recipe),
    };
    const primary = artifacts[0]!;
    const created = new Date();
    const metadataXml = buildSkeleton({
      checksums: primary.checksums,
      os: recipe.metadata.os,
      osVersion: recipe.metadata.osVersion,
      osArch: recipe.metadata.arch,
      version: recipe.metadata.version,
      format: metadataFormat(primary.format),
      locations: [hooks.locationOf?.(primary.name)].filter((url): url is string => Boolean(url)),
      created,
      valid: new Date(created.getTime() + recipe.metadata.validDays * 86_400_000),
      title: recipe.metadata.title,
      creator: recipe.metadata.creator,
      tag: recipe.metadata.tags[0],
      description: recipe.metadata.description,
      hypervisor: recipe.metadata.hypervisor,
      disksBus: "virtio",
      extension: buildRecordExtension(record),
    });
    signal?.throwIfAborted();
    for (const artifact of artifacts) {
      const target = path.join(env.outputDir, artifact.name);
      await moveFile(artifact.file, target);
      artifact.file = target;
    }
    hooks.progress?.("metadata", 100);
    return { artifacts, metadataXml, record, ...(boot ? { boot } : {}) };
  } finally {
    await removeImageTree(env.range, workDir);
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await fs.copyFile(from, to);
    await fs.rm(from, { force: true });
  }
}

/** The filesystem's size: the files' apparent size and a quarter more, plus 128 MiB, in whole MiB (guide §8). */
async function imageSize(run: ReturnType<typeof imageRootRunner>, root: string): Promise<number> {
  const { stdout } = await run(["du", "--summarize", "--apparent-size", "--block-size=1", "--one-file-system", root], {
    timeoutMs: 600_000,
  });
  const used = Number(stdout.trim().split(/\s+/)[0]);
  const mib = 1024 * 1024;
  return Math.ceil((used * 1.25 + 128 * mib) / mib) * mib;
}

function metadataFormat(format: OutputFormat): string {
  return format === "qcow2-zstd" ? "qcow2" : format === "tar.zst" ? "tar" : format;
}

async function toolVersions(): Promise<{ name: string; version: string }[]> {
  const first = async (command: string, args: string[]) =>
    (
      await hostRunner([command, ...args], { timeoutMs: 10_000 }).then((run) => `${run.stdout}${run.stderr}`.trim().split("\n")[0] ?? "")
    ).trim();
  return [
    { name: "mke2fs", version: (await first("mke2fs", ["-V"])).replace(/\s*\(.*$/, "") },
    { name: "qemu-img", version: await first("qemu-img", ["--version"]) },
    { name: "tar", version: await first("tar", ["--version"]) },
    { name: "zstd", version: await first("zstd", ["--version"]) },
  ];
}
