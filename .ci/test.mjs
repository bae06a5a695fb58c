#!/usr/bin/env node
// The one test command (`npm test`): installs what the tests need, runs every suite and ends with
// the line "N passed, N failed" counting all of them. Plain JavaScript: it runs before `npm ci`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);

// Debian packages the tests use: xmlsec1 (signature interop), bzip2/xz-utils (image decompression).
const DEBIAN_PACKAGES = { xmlsec1: "xmlsec1", bzip2: "bzip2", xz: "xz-utils", openssl: "openssl" };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  return result.status ?? 1;
}

function has(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function ensureDebianPackages() {
  const missing = Object.entries(DEBIAN_PACKAGES).filter(([command]) => !has(command)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`missing system packages: ${missing.join(" ")} (install them with apt-get, or run the tests as root)`);
    process.exit(1);
  }
  console.log(`installing ${missing.join(" ")}`);
  if (run("apt-get", ["update", "-qq"]) !== 0 || run("apt-get", ["install", "-y", "-qq", ...missing], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }) !== 0) {
    console.error("apt-get could not install the test dependencies");
    process.exit(1);
  }
}

function ensureNodeModules() {
  const installed = path.join(root, "node_modules", ".package-lock.json");
  const fresh = fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(path.join(root, "package-lock.json")).mtimeMs;
  if (fresh) return;
  if (run("npm", ["ci", "--no-audit", "--no-fund"], { env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } }) !== 0) {
    console.error("npm ci failed");
    process.exit(1);
  }
}

/** Runs vitest with a JSON report next to the usual console output; returns its counts. */
function vitestSuite(name, args, env = {}) {
  const report = path.join(os.tmpdir(), `vitest-${name}-${process.pid}.json`);
  fs.rmSync(report, { force: true });
  const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args], {
    env: { ...process.env, ...env },
  });
  if (!fs.existsSync(report)) return { name, passed: 0, failed: 1, note: `vitest exited with ${status} before reporting` };
  const json = JSON.parse(fs.readFileSync(report, "utf8"));
  const failedSuites = json.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  return { name, passed: json.numPassedTests, failed: json.numFailedTests + failedSuites + (status !== 0 && json.numFailedTests === 0 && failedSuites === 0 ? 1 : 0) };
}

ensureDebianPackages();
ensureNodeModules();
if (run("npm", ["run", "--silent", "build:workers"]) !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const results = [vitestSuite("unit-and-integration", [])];

console.log("");
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ""}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
