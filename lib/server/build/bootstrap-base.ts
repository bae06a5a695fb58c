import "server-only";
/**
 * The "from scratch" base: a minimal Debian root filesystem made by mmdebstrap (guide §1: minbase with
 * the merged-usr hook, 121 MB instead of 178, no perl), kept as a tarball in the build cache under a
 * key of everything that decides its content (suite, variant, mirror, mmdebstrap's version, the hook),
 * so the ~15 s bootstrap is paid once per machine and every later build starts from the same bytes.
 *
 * The tarball is written beside its final name and renamed into place, so a build that dies halfway
 * leaves no half base for the next one, and two builds making the same base at once both end with one.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { runTool, type ToolLog } from "./run-tool";

export interface BootstrapOptions {
  /** `bookworm`. */
  suite: string;
  mirror: string;
  cacheDir: string;
  signal?: AbortSignal;
  log?: ToolLog;
}

export interface BootstrapBase {
  tarball: string;
  /** The cache key (sha256 of the inputs), which the recipe record names. */
  key: string;
  /** mmdebstrap's version line, for the recipe record. */
  tool: string;
  /** SOURCE_DATE_EPOCH the base was made with: the time every file of a build from it gets. */
  epochSeconds: number;
  cached: boolean;
}

const VARIANT = "minbase";
const HOOK_DIR = "/usr/share/mmdebstrap/hooks/merged-usr";
/** 2023-06-10, bookworm's release: the files' times in a bootstrapped base, and so in every build from it. */
const BOOTSTRAP_EPOCH = 1_686_355_200;
const BOOTSTRAP_TIMEOUT_MS = 15 * 60_000;

export async function mmdebstrapVersion(): Promise<string> {
  const { stdout } = await runTool("mmdebstrap", ["--version"], { timeoutMs: 30_000 });
  return stdout.trim();
}

export async function bootstrapBase(options: BootstrapOptions): Promise<BootstrapBase> {
  const tool = await mmdebstrapVersion();
  const key = createHash("sha256")
    .update(
      JSON.stringify({ suite: options.suite, variant: VARIANT, mirror: options.mirror, tool, hook: HOOK_DIR, epoch: BOOTSTRAP_EPOCH }),
    )
    .digest("hex");
  await fs.mkdir(options.cacheDir, { recursive: true });
  const tarball = path.join(options.cacheDir, `debian-${options.suite}-${VARIANT}-${key.slice(0, 16)}.tar`);
  const base = { tarball, key, tool, epochSeconds: BOOTSTRAP_EPOCH };
  if (await exists(tarball)) return { ...base, cached: true };

  const partial = `${tarball}.${process.pid}.${Date.now()}.partial`;
  try {
    await runTool(
      "mmdebstrap",
      [
        `--variant=${VARIANT}`,
        `--hook-dir=${HOOK_DIR}`,
        "--skip=output/mknod",
        "--format=tar",
        "--quiet",
        options.suite,
        partial,
        options.mirror,
      ],
      { env: { SOURCE_DATE_EPOCH: String(BOOTSTRAP_EPOCH) }, timeoutMs: BOOTSTRAP_TIMEOUT_MS, signal: options.signal, log: options.log },
    );
    await fs.rename(partial, tarball);
  } finally {
    await fs.rm(partial, { force: true });
  }
  return { ...base, cached: false };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
