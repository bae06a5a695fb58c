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
import { ensureRandomFile, warmPageCache } from "./random-file";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BYTES = Number(process.env.BENCH_BYTES ?? 1024 ** 3);
const root = path.resolve(import.meta.dirname, "..");
const file = await ensureRandomFile(path.join(root, "bench", ".cache"), BYTES);
await warmPageCache(file);

// The worker as the page loads it: hash-stream.ts and its libraries in one module.
const bundle = await build({
  entryPoints: [path.join(root, "lib", "browser-hash", "hash.worker.ts")],
  bundle: true,
  format: "esm",
  platform: "browser",
  write: false,
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
});
const worker = bundle.outputFiles[0]!.text;
const page = `<!doctype html><input type="file" id="f"><script type="module">
window.hashIt = () => new Promise((resolve, reject) => {
  const w = new Worker("/worker.js", { type: "module" });
  const start = performance.now();
  w.onmessage = (e) => { if (e.data.type === "done") { resolve({ ms: performance.now() - start, result: e.data.result }); w.terminate(); }
    else if (e.data.type === "error") reject(new Error(e.data.message)); };
  w.postMessage({ type: "hash", file: document.getElementById("f").files[0] });
});
</script>`;
const server = createServer((request, response) => {
  const js = request.url === "/worker.js";
  response.writeHead(200, { "Content-Type": js ? "text/javascript" : "text/html" });
  response.end(js ? worker : page);
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

async function inBrowser(): Promise<{ ms: number; sha512: string; identifier: string }> {
  const { ms, result } = await tab.evaluate(() =>
    (window as unknown as { hashIt: () => Promise<{ ms: number; result: { sha512: string; identifier: string } }> }).hashIt(),
  );
  return { ms, sha512: result.sha512, identifier: result.identifier };
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

const browserMs: number[] = [];
const cliMs: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const b = await inBrowser();
  const c = cli();
  if (!c.xml.includes(b.sha512) || !c.xml.includes(b.identifier)) throw new Error("the browser's digests differ from the CLI's");
  browserMs.push(b.ms);
  cliMs.push(c.ms);
  console.log(`run ${i + 1}: browser ${(b.ms / 1000).toFixed(2)} s, CLI ${(c.ms / 1000).toFixed(2)} s`);
}
await browser.close();
server.close();
fs.rmSync(out, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mbps = (ms: number) => BYTES / 1024 ** 2 / (ms / 1000);
const [b, c] = [median(browserMs), median(cliMs)];
console.log(`\n${(BYTES / 1024 ** 3).toFixed(2)} GiB, ${RUNS} runs each, medians (all four digests and the identifier):`);
console.log(`  marketplace build-metadata (baseline): ${(c / 1000).toFixed(2)} s, ${mbps(c).toFixed(0)} MiB/s`);
console.log(`  browser, Web Worker in Chromium:       ${(b / 1000).toFixed(2)} s, ${mbps(b).toFixed(0)} MiB/s`);
console.log(`  browser / CLI throughput: ${(c / b).toFixed(2)}x (goal >= 0.5x) ${c / b >= 0.5 ? "met" : "NOT met"}`);
