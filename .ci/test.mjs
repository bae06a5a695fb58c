#!/usr/bin/env node
// The one test command (`npm test`): installs what the tests need, runs the static checks and every
// suite and ends with the line "N passed, N failed" counting all of them. Plain JavaScript: it runs
// before `npm ci`.
//
// Arguments choose what runs (default: everything), e.g. `node .ci/test.mjs db http pglite`:
// suites static, unit, slow, build, db, http, e2e, and for db and http the databases pglite and/or postgres
// (default: both). The npm scripts test:unit and test:slow run vitest directly; test:db, test:http
// and test:e2e come through here (`npm run test:db -- postgres`).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { ensureNodeModules, root, run } from "../bin/setup.mjs";

process.chdir(root);

// Debian packages the tests use: xmlsec1 (signature interop), bzip2/xz-utils (image decompression),
// chromium (end-to-end tests), postgresql (the data layer and the server on a real PostgreSQL), and
// the image build's tools (guide §7's core tier: mmdebstrap, qemu-img, zstd, uidmap's newuidmap).
const DEBIAN_PACKAGES = {
  xmlsec1: "xmlsec1",
  bzip2: "bzip2",
  xz: "xz-utils",
  openssl: "openssl",
  chromium: "chromium",
  initdb: "postgresql",
  mmdebstrap: "mmdebstrap",
  "qemu-img": "qemu-utils",
  zstd: "zstd",
  newuidmap: "uidmap",
  debugfs: "e2fsprogs",
  xorriso: "xorriso",
  // The guide's commands (e2e/http/guide-commands.build.test.ts): a key to authorize, a download.
  "ssh-keygen": "openssh-client",
  curl: "curl",
  // The bootable builds and their boot test (guide §7's second tier).
  "qemu-system-x86_64": "qemu-system-x86",
  "/usr/lib/grub/i386-pc/boot.img": "grub-pc-bin",
  "/usr/lib/grub/x86_64-efi/kernel.img": "grub-efi-amd64-bin",
  mcopy: "mtools",
  "mkfs.fat": "dosfstools",
  sfdisk: "fdisk",
  // The site tools that read the exports (e2e/http/exports.test.ts): virt-builder and its index validator, gpg.
  "virt-builder": "guestfs-tools",
  gpg: "gpg",
};

function has(command) {
  if (command.startsWith("/")) return fs.existsSync(command);
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

/**
 * The image build runs as root of a range of subordinate ids (lib/server/build/sandbox.ts): give the
 * user running the tests one of 65536 ids when it has none (root may; anyone else is told how).
 */
function ensureBuildIds() {
  const user = os.userInfo().username;
  const has = (file) =>
    (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "").split("\n").some((line) => {
      const [owner, , count] = line.split(":");
      return owner === user && Number(count) >= 65536;
    });
  if (has("/etc/subuid") && has("/etc/subgid")) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `the build tests need subordinate ids for ${user}: as root, usermod --add-subuids 1000000-1065535 --add-subgids 1000000-1065535 ${user}`,
    );
    process.exit(1);
  }
  console.log(`giving ${user} the subordinate ids 1000000-1065535 for the image build`);
  if (run("usermod", ["--add-subuids", "1000000-1065535", "--add-subgids", "1000000-1065535", user]) !== 0) process.exit(1);
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
  // A flaky test (passed only on a retry, if someone asks for retries) counts as failed.
  const failed = stats.unexpected + stats.flaky + (status !== 0 && stats.unexpected + stats.flaky === 0 ? 1 : 0);
  return { name: "e2e", passed: stats.expected, failed };
}

const SUITES = ["static", "unit", "slow", "build", "db", "http", "e2e"];
const DATABASES = { pglite: "PGlite", postgres: "PostgreSQL" };
const words = process.argv.slice(2);
const unknown = words.filter((word) => !SUITES.includes(word) && !(word in DATABASES));
if (unknown.length > 0) {
  console.error(`unknown argument ${unknown.join(" ")}: choose suites from ${SUITES.join(", ")} and databases from pglite, postgres`);
  process.exit(2);
}
const chosenSuites = words.filter((word) => SUITES.includes(word));
const chosenDatabases = words.filter((word) => word in DATABASES);
const wanted = (suite) => chosenSuites.length === 0 || chosenSuites.includes(suite);
const databases = chosenDatabases.length === 0 ? Object.keys(DATABASES) : chosenDatabases;

/**
 * The static checks, all three at once (each is one single-threaded process), their output printed
 * whole after each ends. Each counts 1 passed or 1 failed; a failure is counted and the suites still run.
 */
async function staticChecks() {
  const checks = [
    ["typecheck (tsc --noEmit)", "typecheck"],
    ["lint (eslint .)", "lint"],
    ["format (prettier --check .)", "format:check"],
  ];
  return Promise.all(
    checks.map(
      ([name, script]) =>
        new Promise((resolve) => {
          const start = Date.now();
          const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"] });
          let output = "";
          child.stdout.on("data", (data) => (output += data));
          child.stderr.on("data", (data) => (output += data));
          child.on("close", (status) => {
            console.log(`\n=== ${name} ===\n${output}`);
            const seconds = Math.round((Date.now() - start) / 1000);
            resolve({ name, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, seconds });
          });
        }),
    ),
  );
}

ensureDebianPackages();
if (wanted("build")) ensureBuildIds();
ensureNodeModules();
const started = Date.now();
const results = [];
/** Runs one suite and keeps its time beside its counts: the summary shows where the minutes go. */
const timed = (suite) => {
  const start = Date.now();
  const result = suite();
  return { ...result, seconds: Math.round((Date.now() - start) / 1000) };
};
// Fast, and independent of the builds below: first, so a formatting slip shows in seconds.
if (wanted("static")) {
  results.push(...(await staticChecks()));
}
const build = (command, args) => {
  const status = run(command, args);
  if (status !== 0) results.push({ name: `build: ${args.join(" ")}`, passed: 0, failed: 1 });
  return status === 0;
};

const needsBuild = SUITES.slice(1).some(wanted);
if (needsBuild && build("npm", ["run", "--silent", "build:workers"])) {
  if (wanted("unit")) results.push(timed(() => vitestSuite("unit", "unit")));
  if (wanted("slow")) results.push(timed(() => vitestSuite("slow", "slow")));
  if (wanted("db"))
    for (const db of databases) results.push(timed(() => vitestSuite(`db on ${DATABASES[db]}`, "db", { TEST_DATABASE: db })));
  if ((wanted("http") || wanted("build") || wanted("e2e")) && build("npx", ["next", "build"])) {
    if (wanted("http"))
      for (const db of databases) results.push(timed(() => vitestSuite(`http on ${DATABASES[db]}`, "http", { TEST_DATABASE: db })));
    // After next build (its API tests drive a production server); on PostgreSQL, where the workers'
    // exclusivity means something (PGlite runs one transaction at a time).
    if (wanted("build")) results.push(timed(() => vitestSuite("build", "build", { TEST_DATABASE: "postgres" })));
    if (wanted("e2e")) results.push(timed(playwrightSuite));
  }
}

console.log("");
for (const r of results) {
  const details = [r.note, r.seconds === undefined ? undefined : `${r.seconds} s`].filter(Boolean).join("; ");
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${details ? ` (${details})` : ""}`);
}
console.log(`all suites, with installs and builds: ${Math.round((Date.now() - started) / 1000)} s`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
