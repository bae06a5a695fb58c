/**
 * `npm run bench:build`: the build backend against a plain shell script running the same commands
 * (bench/build-baseline.sh), in one run, alternating, on the same recipe: the cached Debian base, two
 * packages, a script, ext4, qcow2. Goal: the backend within 1.15x the script's wall time. Needs what
 * the build suite needs (root, the mirror, the build's packages). BENCH_RUNS (default 3) of each.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseRecipe } from "@/lib/build/recipe";
import { bootstrapBase } from "@/lib/server/build/bootstrap-base";
import { readHostApt } from "@/lib/server/build/host-apt";
import { runBuild } from "@/lib/server/build/pipeline";
import { buildIdRange } from "@/lib/server/build/sandbox";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PACKAGES = ["hello", "cowsay"];
const SCRIPT = '#!/bin/sh\nset -eu\nprintf \'built with %s %s\\n\' "$1" "$2" > /etc/marker\n';

const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-build-"));
fs.chmodSync(work, 0o755);
const cacheDir = path.join(os.tmpdir(), "marketplace-build-cache");
const range = await buildIdRange();
const hostApt = await readHostApt("bookworm");
const base = await bootstrapBase({ suite: "bookworm", mirror: hostApt.mirror, cacheDir });
const parsed = parseRecipe({
  base: { bootstrap: "debian:bookworm" },
  packages: PACKAGES,
  scripts: [{ name: "configure.sh", content: SCRIPT, args: ["one", "two"] }],
  context: [],
  formats: ["qcow2"],
  metadata: { title: "bench" },
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const scriptFile = path.join(work, "configure.sh");
fs.writeFileSync(scriptFile, SCRIPT, { mode: 0o755 });

async function backend(i: number): Promise<number> {
  const start = performance.now();
  await runBuild(
    parsed.ok ? parsed.recipe : (undefined as never),
    { kind: "bootstrap", suite: "debian:bookworm" },
    {
      range,
      hostApt,
      cacheDir,
      workParent: path.join(work, `backend-${i}`),
      outputDir: path.join(work, `backend-out-${i}`),
    },
  );
  const seconds = (performance.now() - start) / 1000;
  fs.rmSync(path.join(work, `backend-out-${i}`), { recursive: true, force: true });
  return seconds;
}

function script(i: number): number {
  const dir = path.join(work, `script-${i}`);
  fs.mkdirSync(dir);
  const start = performance.now();
  execFileSync(
    "sh",
    [path.join(import.meta.dirname, "build-baseline.sh"), base.tarball, dir, String(range.uid), String(range.gid), scriptFile, ...PACKAGES],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const seconds = (performance.now() - start) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  return seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const backendTimes: number[] = [];
const scriptTimes: number[] = [];
// Warm the apt mirror's and the page cache's view of the packages once, untimed, for both.
script(-1);
for (let i = 0; i < RUNS; i++) {
  scriptTimes.push(script(i));
  backendTimes.push(await backend(i));
}
fs.rmSync(work, { recursive: true, force: true });

const b = median(backendTimes);
const s = median(scriptTimes);
const ratio = b / s;
console.log(
  `bench:build, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${RUNS} runs each, medians; recipe: cached Debian base, ${PACKAGES.join(" + ")}, a script, ext4, qcow2`,
);
console.log(`  shell script (baseline)   ${s.toFixed(2)} s   runs: ${scriptTimes.map((t) => t.toFixed(2)).join(", ")}`);
console.log(`  build backend             ${b.toFixed(2)} s   runs: ${backendTimes.map((t) => t.toFixed(2)).join(", ")}`);
console.log(`  backend / script          ${ratio.toFixed(3)}  (goal <= 1.15: ${ratio <= 1.15 ? "met" : "not met"})`);
