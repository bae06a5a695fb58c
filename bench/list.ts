/**
 * bench:list: 100,000 entries, on the embedded default (PGlite) and on PostgreSQL. Through a
 * production server (the server process `npm start` runs): p50/p99 and req/s of a filtered, sorted list page of the JSON API
 * and of the HTML listing, against a trivial route handler of the same server in the same run (the
 * ceiling). Also the listing page's first-load JavaScript. Goals: p50 <= 20 ms, >= 0.5x the ceiling's
 * req/s, <= 120 kB gzip.
 */
import autocannon from "autocannon";
import os from "node:os";
import { startMarketplace } from "@/e2e/http/marketplace-server";
import { firstLoadJs } from "./first-load-js";
import { pgliteData, postgresData } from "./list-data";

const COUNT = Number(process.env.BENCH_LIST_COUNT ?? 100_000);
const SECONDS = Number(process.env.BENCH_LIST_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_LIST_CONNECTIONS ?? 8);

// More distinct pages than the run makes requests: every one is a cache miss.
const VARIED = Array.from(
  { length: 20_000 },
  (_, i) =>
    `/api/v1/entries?os=${["Ubuntu", "Debian", "CentOS", "Fedora"][i % 4]}&sort=${["title", "created", "arch"][i % 3]}&pageSize=20&page=${1 + (Math.floor(i / 12) % 200)}&q=${i}`,
);

/** Each target: a name, the paths requested in turn, and the Accept header. */
const TARGETS: Array<[name: string, paths: string[], accept: string]> = [
  ["trivial route (ceiling)", ["/api/health"], "*/*"],
  ["JSON API: os filter, title sort, page 3", ["/api/v1/entries?os=Ubuntu&sort=title&pageSize=20&page=3"], "application/json"],
  ["JSON API: full text, newest first", ["/api/v1/entries?q=worker%20node&pageSize=20"], "application/json"],
  ["JSON API: always a different page (no cache)", VARIED, "application/json"],
  ["HTML listing: os filter, title sort, page 3", ["/metadata?os=Ubuntu&sort=title&page=3"], "text/html"],
];

interface Measure {
  name: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function measure(base: string, [name, paths, accept]: (typeof TARGETS)[number]): Promise<Measure> {
  // One shared position in `paths`, so concurrent connections never ask for the same page at once.
  let next = 0;
  const options: autocannon.Options = {
    url: base,
    connections: CONNECTIONS,
    headers: { accept },
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] as string }) }],
  };
  // A short warm-up so JIT and connections are in their steady state.
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: SECONDS });
  return { name, p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx };
}

/** A production server (the HTTP tests' launcher) on the given database, for the length of `run`. */
async function withServer<T>(env: Record<string, string>, run: (base: string) => Promise<T>): Promise<T> {
  const server = await startMarketplace({ LOG_LEVEL: "error", ...env });
  try {
    return await run(server.url);
  } finally {
    await server.stop();
  }
}

function report(backend: string, loadSeconds: number, results: Measure[]): void {
  const ceiling = results[0] as Measure;
  console.log(
    `\n${backend}${loadSeconds ? ` (loaded ${COUNT} entries in ${loadSeconds.toFixed(0)} s)` : ""}, ${CONNECTIONS} connections, ${SECONDS} s each:`,
  );
  console.log(`${"".padEnd(46)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"req/s".padStart(8)} ${"x ceiling".padStart(9)}`);
  for (const r of results) {
    const ratio = r === ceiling ? "1.00" : (r.rps / ceiling.rps).toFixed(2);
    console.log(
      `${r.name.padEnd(46)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${r.rps.toFixed(0).padStart(8)} ${ratio.padStart(9)}${r.errors ? `  (${r.errors} errors)` : ""}`,
    );
  }
  const lists = results.slice(1);
  console.log(
    `goal p50 <= 20 ms: ${lists.every((r) => r.p50 <= 20) ? "met" : "not met"}; goal >= 0.5x ceiling req/s: ${lists.every((r) => r.rps >= 0.5 * ceiling.rps) ? "met" : "not met"}`,
  );
}

console.log(
  `bench:list — ${COUNT} entries; ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; load generator autocannon in this process`,
);

const pglite = await pgliteData(COUNT);
await withServer({ DATA_DIR: pglite.dataDir }, async (base) => {
  const results: Measure[] = [];
  for (const target of TARGETS) results.push(await measure(base, target));
  report("embedded PGlite", pglite.loadSeconds, results);
  const js = await firstLoadJs(`${base}/metadata`);
  console.log(
    `\nfirst-load JS of /metadata: ${(js.totalGzip / 1024).toFixed(1)} kB gzip (${(js.totalBytes / 1024).toFixed(0)} kB raw) in ${js.scripts.length} scripts; goal <= 120 kB gzip`,
  );
});

const postgres = await postgresData(COUNT);
try {
  await withServer({ DATABASE_URL: postgres.databaseUrl }, async (base) => {
    const results: Measure[] = [];
    for (const target of TARGETS) results.push(await measure(base, target));
    report("PostgreSQL 15", postgres.loadSeconds, results);
  });
} finally {
  await postgres.server.stop();
}
