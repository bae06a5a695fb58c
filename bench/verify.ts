/**
 * bench:verify: validate + verify 2,000 signed entries in one process, against xmlsec1 --verify over
 * the same files in one process, in the same run. Both check the signature and the certificate chain
 * (xmlsec1 --trusted-pem; ours against the same CA in a CA directory) and refuse anything else.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MetadataInspector } from "@/lib/metadata/inspector";
import { verifyCorpus } from "./verify-corpus";

const COUNT = Number(process.env.BENCH_VERIFY_COUNT ?? 2000);
const RUNS = 3;

function xmlsec1(files: string[], extra: string[]): number {
  const start = performance.now();
  const result = spawnSync("xmlsec1", ["--verify", ...extra, "--enabled-reference-uris", "empty", ...files], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  const ok = (result.stdout + result.stderr).match(/^OK$/gm)?.length ?? 0;
  if (result.status !== 0 || ok !== files.length)
    throw new Error(`xmlsec1 verified ${ok} of ${files.length} files:\n${result.stderr.slice(0, 2000)}`);
  return seconds;
}

async function ours(inspector: MetadataInspector, documents: Buffer[]): Promise<number> {
  const start = performance.now();
  const results = await Promise.all(documents.map((d) => inspector.inspect(d)));
  const seconds = (performance.now() - start) / 1000;
  const invalid = results.filter((r) => !r.valid || r.trust?.label !== "trusted");
  if (invalid.length > 0) throw new Error(`${invalid.length} entries failed: ${JSON.stringify(invalid[0]?.problems ?? invalid[0]?.trust)}`);
  return seconds;
}

const best = (values: number[]) => Math.min(...values);
const rate = (seconds: number) => COUNT / seconds;

console.log(
  `bench:verify — ${COUNT} signed entries; ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}`,
);
const corpus = await verifyCorpus(COUNT);
const documents = corpus.files.map((f) => fs.readFileSync(f));
const caDir = path.dirname(corpus.caFile);
console.log(
  `corpus: ${corpus.dir} (${Math.round(documents.reduce((n, d) => n + d.length, 0) / COUNT)} bytes per entry, half RSA-SHA1/C14N, half RSA-SHA256/exc-C14N)`,
);

const xmlsecChain = best(
  Array.from({ length: RUNS }, () => xmlsec1(corpus.files, ["--trusted-pem", corpus.caFile, "--enabled-key-data", "x509"])),
);
const xmlsecInsecure = best(Array.from({ length: RUNS }, () => xmlsec1(corpus.files, ["--insecure"])));

const coldStart = performance.now();
const inspector = new MetadataInspector({ trust: { caDir }, trustPolicy: "trusted-only" });
await ours(inspector, documents);
const coldTotal = (performance.now() - coldStart) / 1000;
const warm: number[] = [];
for (let run = 0; run < RUNS; run++) warm.push(await ours(inspector, documents));
await inspector.close();
const oursWarm = best(warm);

const rows: Array<[string, number]> = [
  ["xmlsec1 --verify --trusted-pem (signature + chain)", xmlsecChain],
  ["xmlsec1 --verify --insecure (signature only)", xmlsecInsecure],
  ["ours: validate + verify + trust, warm pool", oursWarm],
  ["ours: same, first run incl. worker start-up", coldTotal],
];
for (const [name, seconds] of rows)
  console.log(`${name.padEnd(52)} ${seconds.toFixed(3).padStart(7)} s  ${rate(seconds).toFixed(0).padStart(6)} docs/s`);
console.log(`ratio ours (warm) / xmlsec1 --trusted-pem: ${(rate(oursWarm) / rate(xmlsecChain)).toFixed(2)}x (goal >= 1.0x)`);
console.log(`ratio ours (warm) / xmlsec1 --insecure:    ${(rate(oursWarm) / rate(xmlsecInsecure)).toFixed(2)}x`);
console.log(`ratio ours (cold) / xmlsec1 --trusted-pem: ${(rate(coldTotal) / rate(xmlsecChain)).toFixed(2)}x`);
