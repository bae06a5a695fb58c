#!/usr/bin/env node
// The one test command (`npm test`): installs what the tests need, runs every suite and ends with
// the line "N passed, N failed" counting all of them. Plain JavaScript: it runs before `npm ci`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { ensureNodeModules, root, run } from "../bin/setup.mjs";

process.chdir(root);

// Debian packages the tests use: xmlsec1 (signature interop), bzip2/xz-utils (image decompression),
// chromium (end-to-end tests), postgresql (the data layer and the server on a real PostgreSQL).
const DEBIAN_PACKAGES = {
  xmlsec1: "xmlsec1",
  bzip2: "bzip2",
  xz: "xz-utils",
  openssl: "openssl",
  chromium: "chromium",
  initdb: "postgresql",
};

function has(command) {
  if (command === "initdb" && fs.existsSync("/usr/lib/postgresql") && fs.readdirSync("/usr/lib/postgresql").length > 0) return true;
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function ensureDebianPackages() {
  const missing = Object.entries(DEBIAN_PACKAGES)
    .filter(([command]) => !has(command))
    .map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`missing system packages: ${missing.join(" ")} (install them with apt-get, or run the tests as root)`);
    process.exit(1);
  }
  console.log(`installing ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (
    run("apt-get", ["update", "-qq"], { env }) !== 0 ||
    run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { env }) !== 0
  ) {
    console.error("apt-get could not install the test dependencies");
    process.exit(1);
  }
}

/** Runs one vitest project with a JSON report next to the usual console output; returns its counts. */
function vitestSuite(name, project, env = {}) {
  const report = path.join(os.tmpdir(), `vitest-${name}-${process.pid}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n=== ${name} ===`);
  const status = run(
    "npx",
    ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    {
      env: { ...process.env, ...env },
    },
  );
  if (!fs.existsSync(report)) return { name, passed: 0, failed: 1, note: `vitest exited with ${status} before reporting` };
  const json = JSON.parse(fs.readFileSync(report, "utf8"));
  const brokenFiles = json.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  const unexplained = status !== 0 && json.numFailedTests === 0 && brokenFiles === 0 ? 1 : 0;
  return { name, passed: json.numPassedTests, failed: json.numFailedTests + brokenFiles + unexplained };
}

/** The Playwright suite against a production build, in Debian's Chromium. */
function playwrightSuite() {
  const report = path.join(os.tmpdir(), `playwright-${process.pid}.json`);
  fs.rmSync(report, { force: true });
  console.log("\n=== e2e (Playwright, headless Chromium) ===");
  const status = run("npx", ["playwright", "test"], { env: { ...process.env, E2E_JSON_REPORT: report } });
  if (!fs.existsSync(report)) return { name: "e2e", passed: 0, failed: 1, note: `playwright exited with ${status} before reporting` };
  const stats = JSON.parse(fs.readFileSync(report, "utf8")).stats;
  const failed = stats.unexpected + (status !== 0 && stats.unexpected === 0 ? 1 : 0);
  return { name: "e2e", passed: stats.expected + stats.flaky, failed };
}

ensureDebianPackages();
ensureNodeModules();
const results = [];
const build = (command, args) => {
  const status = run(command, args);
  if (status !== 0) results.push({ name: `build: ${args.join(" ")}`, passed: 0, failed: 1 });
  return status === 0;
};

if (build("npm", ["run", "--silent", "build:workers"])) {
  results.push(vitestSuite("unit", "unit"));
  results.push(vitestSuite("db on PGlite", "db", { TEST_DATABASE: "pglite" }));
  results.push(vitestSuite("db on PostgreSQL", "db", { TEST_DATABASE: "postgres" }));
  if (build("npx", ["next", "build"])) {
    results.push(vitestSuite("http on PGlite", "http", { TEST_DATABASE: "pglite" }));
    results.push(vitestSuite("http on PostgreSQL", "http", { TEST_DATABASE: "postgres" }));
    results.push(playwrightSuite());
  }
}

console.log("");
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ""}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
