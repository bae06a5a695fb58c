// Shared by `npm start` (bin/start.mjs) and `npm test` (.ci/test.mjs): install the exact dependencies
// of package-lock.json when node_modules is missing or older than the lock file. Plain JavaScript,
// because it runs before the dependencies exist.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

// Next.js prints a telemetry notice on the first build of every machine, which a new user of
// `npm start` can do nothing with; `npm start` and `npm test` keep it off
// (a value the user set is kept).
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  return result.status ?? 1;
}

export function ensureNodeModules() {
  const installed = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log("installing dependencies (npm ci)");
  const status = run("npm", ["ci", "--no-audit", "--no-fund"], { env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } });
  if (status !== 0) {
    console.error("npm ci failed");
    process.exit(1);
  }
}
