/**
 * `npm run bench:browser-hash`: the wizard's in-browser hashing (lib/browser-hash, in a Web Worker in
 * headless Chromium) against `marketplace build-metadata` on the same 1 GiB file, in one run,
 * alternating. Both compute the size, MD5, SHA-1, SHA-256, SHA-512 and the identifier; the digests
 * must agree. Goal: the browser at >= 0.5x the CLI's throughput. BENCH_RUNS (default 3), BENCH_BYTES.
 */
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright";
import { processCpuSeconds } from "./process-cpu";
import { ensureRandomFile, warmPageCache } from "./random-file";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BYTES = Number(process.env.BENCH_BYTES ?? 1024 ** 3);
const root = path.resolve(import.meta.dirname, "..");
const file = await ensureRandomFile(path.join(root, "bench", ".cache"), BYTES);
await warmPageCache(file);

// The worker and the page's side as the wizard loads them: lib/browser-hash and its libraries.
const bundle = (options: Parameters<typeof build>[0]) =>
  build({
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
    ...options,
  });
const worker = (await bundle({ entryPoints: [path.join(root, "lib", "browser-hash", "hash.worker.ts")] })).outputFiles![0]!.text;
const script = (
  await bundle({
    stdin: {
      contents: `import { hashFileInWorker } from "./lib/browser-hash/hash-in-worker";
window.hashIt = async (workers) => {
  const start = performance.now();
  const file = document.getElementById("f").files[0];
  const result = await hashFileInWorker(file, { workers, startWorker: () => new Worker("/worker.js", { type: "module" }) });
  return { ms: performance.now() - start, result };
};`,
      resolveDir: root,
      loader: "ts",
    },
  })
).outputFiles![0]!.text;
const page = `<!doctype html><input type="file" id="f"><script type="module" src="/page.js"></script>`;
const server = createServer((request, response) => {
  const body = request.url === "/worker.js" ? worker : request.url === "/page.js" ? script : page;
  response.writeHead(200, { "Content-Type": body === page ? "text/html" : "text/javascript" });
  response.end(body);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as { port: number }).port;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const tab = await browser.newPage();
await tab.goto(`http://127.0.0.1:${port}/`);
await tab.locator("#f").setInputFiles(file);

const cores = Number(process.env.BENCH_WORKERS ?? 0) || (await tab.evaluate(() => navigator.hardwareConcurrency));
async function inBrowser(workers: number): Promise<{ ms: number; cpu: number | null; sha512: string; identifier: string }> {
  const cpuBefore = processCpuSeconds("chromium");
  const { ms, result } = await tab.evaluate(
    (count) =>
      (
        window as unknown as { hashIt: (workers: number) => Promise<{ ms: number; result: { sha512: string; identifier: string } }> }
      ).hashIt(count),
    workers,
  );
  const cpuAfter = processCpuSeconds("chromium");
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return { ms, cpu, sha512: result.sha512, identifier: result.identifier };
}

const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-browser-hash-"));
function cli(): { ms: number; xml: string } {
  const output = path.join(out, "m.xml");
  const start = performance.now();
  execFileSync(process.execPath, [path.join(root, "bin", "marketplace.mjs"), "--quiet", "build-metadata", file, "-o", output], {
    stdio: "pipe",
  });
  return { ms: performance.now() - start, xml: fs.readFileSync(output, "utf8") };
}

const oneMs: number[] = [];
const allMs: number[] = [];
const cliMs: number[] = [];
const allCpu: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const one = await inBrowser(1);
  const all = await inBrowser(cores);
  const c = cli();
  for (const b of [one, all]) {
    if (!c.xml.includes(b.sha512) || !c.xml.includes(b.identifier)) throw new Error("the browser's digests differ from the CLI's");
  }
  oneMs.push(one.ms);
  allMs.push(all.ms);
  if (all.cpu !== null) allCpu.push(all.cpu);
  cliMs.push(c.ms);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const cpu = all.cpu === null ? "" : ` (Chromium CPU ${all.cpu.toFixed(2)} s)`;
  console.log(`run ${i + 1}: browser 1 worker ${s(one.ms)}, browser ${cores} workers ${s(all.ms)}${cpu}, CLI ${s(c.ms)}`);
}
await browser.close();
server.close();
fs.rmSync(out, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mbps = (ms: number) => BYTES / 1024 ** 2 / (ms / 1000);
const [one, all, c] = [median(oneMs), median(allMs), median(cliMs)];
const line = (label: string, ms: number) => console.log(`  ${label.padEnd(44)} ${(ms / 1000).toFixed(2)} s, ${mbps(ms).toFixed(0)} MiB/s`);
console.log(`\n${(BYTES / 1024 ** 3).toFixed(2)} GiB, ${RUNS} runs each, medians (all four digests and the identifier):`);
line("marketplace build-metadata (baseline):", c);
line("browser, one Web Worker:", one);
line(`browser, digests over ${cores} Web Workers (the wizard):`, all);
console.log(
  `  browser / CLI throughput: ${(c / all).toFixed(2)}x (goal >= 0.5x) ${c / all >= 0.5 ? "met" : "NOT met"}; one worker ${(c / one).toFixed(2)}x`,
);
if (allCpu.length) {
  // The wizard's pass is CPU-bound when Chromium keeps every core busy: then only less work per byte
  // (faster hashers, cheaper reading) makes it faster, not more workers or a better split.
  const cpu = median(allCpu);
  console.log(
    `  Chromium CPU for the wizard's pass: ${cpu.toFixed(2)} s, ${(cpu / (all / 1000)).toFixed(2)} of ${cores} cores busy; ` +
      `at ${cores} cores fully busy it cannot beat ${(cpu / cores).toFixed(2)} s = ${(c / ((cpu / cores) * 1000)).toFixed(2)}x`,
  );
}
