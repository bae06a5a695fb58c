/**
 * vitest globalSetup: bundles the worker scripts and the CLI (`npm run build:workers`) once before the
 * tests, since workers and the CLI run dist/*.mjs, never the TypeScript sources.
 */
import { execFileSync } from "node:child_process";
import { packageRoot } from "@/lib/metadata/workers/worker-path";

export default function buildBundles(): void {
  execFileSync(process.execPath, ["esbuild.config.mjs"], { cwd: packageRoot(), stdio: "inherit" });
}
