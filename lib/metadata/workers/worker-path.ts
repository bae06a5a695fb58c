/**
 * Where the bundled worker scripts live. Workers run in their own V8 isolate and must be plain
 * JavaScript files, so `esbuild.config.mjs` bundles every `*.worker.ts` into `dist/workers/`.
 * The same lookup serves the CLI bundle, the Next.js server and the tests: walk up from this
 * module to the package root (the directory whose package.json is ours), or use
 * MARKETPLACE_WORKERS_DIR when the files were moved.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "appliance-marketplace";
let cachedRoot: string | undefined;

export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  const starts = [safeDirname(import.meta.url), process.cwd()].filter((d): d is string => Boolean(d));
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const manifest = path.join(dir, "package.json");
      if (fs.existsSync(manifest) && readName(manifest) === PACKAGE_NAME) return (cachedRoot = dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`cannot find the ${PACKAGE_NAME} package root from ${starts.join(" or ")}`);
}

export function workerPath(name: string): string {
  const dir = process.env.MARKETPLACE_WORKERS_DIR ?? path.join(packageRoot(), "dist", "workers");
  const file = path.join(dir, `${name}.worker.mjs`);
  if (!fs.existsSync(file)) {
    throw new Error(`worker script ${file} is missing: run "npm run build:workers" first`);
  }
  return file;
}

function safeDirname(url: string): string | undefined {
  try {
    return url.startsWith("file:") ? path.dirname(fileURLToPath(url)) : undefined;
  } catch {
    return undefined;
  }
}

function readName(manifest: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name;
  } catch {
    return undefined;
  }
}
