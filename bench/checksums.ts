/**
 * How fast computeImageChecksums is against the tools it replaces, on a 2 GiB file of random bytes
 * read from the page cache. Run with `node --import tsx bench/checksums.ts` after
 * `npm run build:workers`. Environment: BENCH_RUNS (default 3), BENCH_MIB (default 2048).
 *
 * The floor for four digests on this machine is the larger of the slowest single digest (it cannot
 * be split) and half the four together (two cores); openssl dgst, one digest at a time, gives both.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { ensureRandomFile, warmPageCache } from "./random-file";
import { bestOf, timeCommand, timeFunction } from "./timing";
import { computeImageChecksums } from "@/lib/metadata/image/checksums";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MIB = Number(process.env.BENCH_MIB ?? 2048);
const DIGESTS = ["md5", "sha1", "sha256", "sha512"] as const;

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8" }).split("\n")[0]!.trim();
  } catch {
    return "unknown";
  }
}

function row(label: string, seconds: number): string {
  return `${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s ${(MIB / seconds).toFixed(0).padStart(6)} MiB/s`;
}

function goal(label: string, value: number, met: boolean, target: string): string {
  return `${label.padEnd(30)} ${value.toFixed(3)}  (goal ${target}: ${met ? "met" : "not met"})`;
}

const file = await ensureRandomFile(path.join(import.meta.dirname, ".cache"), MIB * 1024 * 1024);
await warmPageCache(file);

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const load = os
  .loadavg()
  .map((value) => value.toFixed(2))
  .join(" ");
console.log(`machine: nproc ${os.availableParallelism()}, ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM`);
console.log(`load average before the run: ${load}`);
console.log(`node ${process.version} (OpenSSL ${process.versions.openssl}); ${version("openssl", ["version"])}`);
console.log(version("md5sum", ["--version"]));
console.log(`file: ${file} (${MIB} MiB, page cache warm), best of ${RUNS} runs each\n`);

const openssl: Record<string, number> = {};
for (const digest of DIGESTS) {
  openssl[digest] = await bestOf(RUNS, () => timeCommand("openssl", ["dgst", `-${digest}`, file]));
}
const coreutils = await bestOf(RUNS, async () => {
  let total = 0;
  for (const digest of DIGESTS) total += await timeCommand(`${digest}sum`, [file]);
  return total;
});
const ours = await bestOf(RUNS, () => timeFunction(() => computeImageChecksums(file)));

const opensslSum = DIGESTS.reduce((sum, digest) => sum + openssl[digest]!, 0);
const slowestAlone = Math.max(...DIGESTS.map((digest) => openssl[digest]!));
const limit = Math.max(slowestAlone, opensslSum / 2);

for (const digest of DIGESTS) console.log(row(`openssl dgst -${digest} (alone)`, openssl[digest]!));
console.log(row("openssl, the four one after the other (sum)", opensslSum));
console.log(row("md5sum+sha1sum+sha256sum+sha512sum (sum)", coreutils));
console.log(row("computeImageChecksums (all four + identifier)", ours));
console.log();
console.log(
  `limit = max(slowest openssl alone ${slowestAlone.toFixed(2)} s, openssl sum / 2 ${(opensslSum / 2).toFixed(2)} s)` +
    ` = ${limit.toFixed(2)} s`,
);
console.log(goal("ours / limit", ours / limit, ours / limit <= 1.05, "<= 1.05"));
console.log(goal("coreutils sequential / ours", coreutils / ours, coreutils / ours >= 2, ">= 2"));
