/**
 * bench:soak: 50 uploaders and 200 readers for 60 s against a production server, on the embedded
 * PGlite and on PostgreSQL. Uploaders send one after another without pause; each reader waits about a
 * second between requests (SOAK_THINK_MS), reading what sites and tools read: JSON API pages, the
 * original protocol's lists, documents and endorsers. (HTML pages are measured by bench:list; their
 * rendering, tens of milliseconds of CPU each, is the subject of the performance issue.) Baseline, in the same run: the same readers alone. Reports uploads/s,
 * reads/s, read p50/p95/p99, the slowest health check, and errors; then checks that every upload
 * answered 201 is stored and downloads byte for byte. Goals (issue 6): 0 errors, everything stored,
 * read p99 <= 2 s, health never slower than 1 s.
 *
 * SOAK_SECONDS, SOAK_UPLOADERS, SOAK_READERS change the load; SOAK_NODE_ARGS go to the server's node; SOAK_BACKENDS=pglite|postgres one backend.
 */
import http from "node:http";
import os from "node:os";
import { startMarketplace } from "@/e2e/http/marketplace-server";
import { signedDocument } from "@/e2e/http/signed-documents";
import { TEST_POSTGRES_URL } from "@/db/testing/postgres-database";
import { startPostgresServer } from "@/db/testing/postgres-server";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const BASELINE_SECONDS = Number(process.env.SOAK_BASELINE_SECONDS ?? 20);
const UPLOADERS = Number(process.env.SOAK_UPLOADERS ?? 50);
const READERS = Number(process.env.SOAK_READERS ?? 200);
/** Each reader waits about this long between its requests (0.5x to 1.5x), as clients that browse or poll. */
const THINK_MS = Number(process.env.SOAK_THINK_MS ?? 1000);
const SEEDED = 200;
const EMAILS = Array.from({ length: 10 }, (_, i) => `soak${i}@example.org`);

/** node:http with keep-alive: several times lighter than fetch, so the load generator leaves the cores to the server. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1_000 });

interface Reply {
  status: number;
  body: Buffer;
}

function send(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? "GET",
        headers: options.headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

interface Doc {
  xml: string;
  identifier: string;
  email: string;
  created: string;
}

let counter = 0;
let debugSeen = 0;
async function makeDocs(count: number): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (let i = 0; i < count; i++) {
    const n = counter++;
    const email = EMAILS[n % EMAILS.length] as string;
    const created = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const xml = await signedDocument({
      image: `soak ${n}`,
      created,
      email,
      title: `soak image ${n}`,
      os: ["Ubuntu", "Debian", "CentOS"][n % 3],
      description: `Soak test appliance number ${n}.`,
    });
    docs.push({ xml, identifier: /<dcterms:identifier>([^<]+)/.exec(xml)![1]!, email, created });
  }
  return docs;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface PhaseResult {
  reads: number;
  readLatencies: number[];
  /** Latencies by kind of read (the path with its variable parts replaced). */
  byKind: Map<string, number[]>;
  uploads: number;
  uploadLatencies: number[];
  healthMax: number;
  errors: string[];
  created: Doc[];
  seconds: number;
}

async function phase(base: string, seconds: number, uploaders: number, toUpload: Doc[], seeded: Doc[]): Promise<PhaseResult> {
  const deadline = performance.now() + seconds * 1000;
  const result: PhaseResult = {
    reads: 0,
    readLatencies: [],
    byKind: new Map(),
    uploads: 0,
    uploadLatencies: [],
    healthMax: 0,
    errors: [],
    created: [],
    seconds,
  };
  const sample = (i: number) => seeded[i % seeded.length] as Doc;
  const readPaths = (i: number): Array<[string, string]> => {
    const d = sample(i);
    return [
      [`/api/v1/entries?pageSize=20`, "application/json"],
      [`/api/v1/entries?q=soak&sort=title&page=${1 + (i % 5)}`, "application/json"],
      [`/api/v1/entries?os=Debian&pageSize=50`, "application/json"],
      [`/metadata?iDisplayStart=${(i % 10) * 10}&iDisplayLength=10&media=json`, "application/json"],
      [`/metadata?iDisplayStart=0&iDisplayLength=10`, "*/*"],
      [`/metadata/${d.identifier}/${d.email}/${d.created}`, "*/*"],
      [`/api/v1/entries/${d.identifier}/${d.email}/${d.created}`, "application/json"],
      [`/metadata/${d.identifier}`, "*/*"],
      [`/api/v1/facets`, "application/json"],
      [`/endorsers`, "*/*"],
      [`/endorsers/${d.email}/tags`, "*/*"],
    ];
  };
  let next = 0;
  // Clients do not all start at the same instant: each begins at a random moment of its first period.
  const stagger = (ms: number) => new Promise((r) => setTimeout(r, Math.random() * ms));
  const uploader = async () => {
    await stagger(1_000);
    while (performance.now() < deadline && next < toUpload.length) {
      const doc = toUpload[next++] as Doc;
      const started = performance.now();
      try {
        const reply = await send(base, "/metadata", {
          method: "POST",
          headers: { "Content-Type": "application/xml", Accept: "application/xml" },
          body: doc.xml,
        });
        const text = reply.body.toString("utf8");
        result.uploadLatencies.push(performance.now() - started);
        if (reply.status === 201) {
          result.uploads += 1;
          result.created.push(doc);
        } else result.errors.push(`upload ${reply.status}: ${text.slice(0, 160)}`);
      } catch (error) {
        result.errors.push(`upload: ${String(error)}`);
      }
    }
  };
  const reader = async (r: number) => {
    await stagger(THINK_MS * 1.5);
    for (let i = r; performance.now() < deadline; i++) {
      const paths = readPaths(i);
      const [path, accept] = paths[i % paths.length] as [string, string];
      const started = performance.now();
      try {
        const reply = await send(base, path, { headers: { Accept: accept } });
        const ms = performance.now() - started;
        result.readLatencies.push(ms);
        const kind = path
          .replace(/[A-Za-z0-9_-]{27}/g, "{id}")
          .replace(/soak\d+@example\.org/g, "{email}")
          .replace(/\d{4}-\d\d-\d\dT[\d:]+Z/g, "{created}")
          .replace(/=\d+/g, "=N");
        (result.byKind.get(kind) ?? result.byKind.set(kind, []).get(kind)!).push(ms);
        result.reads += 1;
        if (reply.status !== 200) result.errors.push(`read ${reply.status} ${path}`);
      } catch (error) {
        result.errors.push(`read ${path}: ${String(error)}`);
      }
      if (THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
    }
  };
  const health = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const reply = await send(base, "/api/health");
        if (reply.status !== 200) result.errors.push(`health ${reply.status}`);
      } catch (error) {
        result.errors.push(`health: ${String(error)}`);
      }
      result.healthMax = Math.max(result.healthMax, performance.now() - started);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await Promise.all([health(), ...Array.from({ length: uploaders }, uploader), ...Array.from({ length: READERS }, (_, r) => reader(r))]);
  result.readLatencies.sort((a, b) => a - b);
  result.uploadLatencies.sort((a, b) => a - b);
  return result;
}

/** Every 201 is listed and downloads byte for byte. */
async function verify(base: string, created: Doc[], expectedTotal: number): Promise<string[]> {
  const problems: string[] = [];
  const listed = JSON.parse((await send(base, "/api/v1/entries?status=all&pageSize=1")).body.toString("utf8")) as { total: number };
  if (listed.total !== expectedTotal) problems.push(`listed ${listed.total} entries, expected ${expectedTotal}`);
  for (let i = 0; i < created.length; i += 20) {
    await Promise.all(
      created.slice(i, i + 20).map(async (doc) => {
        const reply = await send(base, `/metadata/${doc.identifier}/${doc.email}/${doc.created}`);
        const bytes = reply.body;
        if (reply.status !== 200 || !bytes.equals(Buffer.from(doc.xml)))
          problems.push(`${doc.identifier}: ${reply.status}, ${bytes.equals(Buffer.from(doc.xml)) ? "same" : "different"} bytes`);
      }),
    );
  }
  return problems;
}

function line(name: string, r: PhaseResult): string {
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  return `${name.padEnd(30)} reads ${(r.reads / r.seconds).toFixed(0).padStart(5)}/s  p50 ${ms(percentile(r.readLatencies, 50)).padStart(7)}  p95 ${ms(percentile(r.readLatencies, 95)).padStart(7)}  p99 ${ms(percentile(r.readLatencies, 99)).padStart(7)}  uploads ${(r.uploads / r.seconds).toFixed(1).padStart(5)}/s (p50 ${ms(percentile(r.uploadLatencies, 50))}, p99 ${ms(percentile(r.uploadLatencies, 99))})  health max ${ms(r.healthMax)}  errors ${r.errors.length}`;
}

async function run(backend: string, env: Record<string, string>): Promise<boolean> {
  const seeded = await makeDocs(SEEDED);
  const toUpload = await makeDocs(Math.ceil(UPLOADERS * SECONDS * 1.5));
  // SOAK_NODE_ARGS go to the server's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes).
  const nodeArgs = process.env.SOAK_NODE_ARGS?.split(" ").filter(Boolean);
  const server = await startMarketplace({ LOG_LEVEL: "error", UPLOAD_RATE_LIMIT: "1000000", ...env }, { nodeArgs });
  if (process.env.SOAK_DEBUG)
    setInterval(() => {
      const out = server.output();
      process.stderr.write(out.slice(debugSeen));
      debugSeen = out.length;
    }, 1000).unref();
  try {
    for (let i = 0; i < seeded.length; i += 10) {
      await Promise.all(
        seeded.slice(i, i + 10).map(async (d) => {
          const reply = await send(server.url, "/metadata", {
            method: "POST",
            headers: { "Content-Type": "application/xml" },
            body: d.xml,
          });
          if (reply.status !== 201) throw new Error(`seeding: ${reply.status} ${reply.body.toString("utf8")}`);
        }),
      );
    }
    const baseline = await phase(server.url, BASELINE_SECONDS, 0, [], seeded);
    const mixed = await phase(server.url, SECONDS, UPLOADERS, toUpload, seeded);
    const problems = await verify(server.url, mixed.created, SEEDED + mixed.created.length);
    console.log(
      `\n${backend}: ${READERS} readers (think time ${THINK_MS} ms); baseline ${BASELINE_SECONDS} s without uploads, then ${SECONDS} s with ${UPLOADERS} uploaders`,
    );
    console.log(line("baseline: readers alone", baseline));
    console.log(line(`mixed: + ${UPLOADERS} uploaders`, mixed));
    console.log("  slowest kinds of read (mixed): p50 / p99");
    const kinds = [...mixed.byKind.entries()]
      .map(([k, v]) => [k, v.sort((a, b) => a - b)] as const)
      .sort((a, b) => percentile(b[1], 99) - percentile(a[1], 99));
    for (const [kind, v] of kinds.slice(0, 5))
      console.log(
        `    ${kind.padEnd(56)} ${percentile(v, 50).toFixed(0).padStart(6)} / ${percentile(v, 99).toFixed(0).padStart(6)} ms (${v.length})`,
      );
    console.log(`p99 ratio mixed / baseline: ${(percentile(mixed.readLatencies, 99) / percentile(baseline.readLatencies, 99)).toFixed(2)}`);
    const errors = [...baseline.errors, ...mixed.errors];
    for (const e of [...new Set(errors)].slice(0, 10)) console.log(`  error: ${e}`);
    console.log(
      `verification: ${mixed.created.length} uploads answered 201; ${problems.length === 0 ? "every one stored and listed byte for byte" : `${problems.length} problems: ${problems.slice(0, 5).join("; ")}`}`,
    );
    const met =
      errors.length === 0 &&
      problems.length === 0 &&
      percentile(mixed.readLatencies, 99) <= 2_000 &&
      Math.max(baseline.healthMax, mixed.healthMax) <= 1_000;
    console.log(`goals (0 errors, all stored, read p99 <= 2 s, health <= 1 s): ${met ? "met" : "not met"}`);
    return met;
  } finally {
    await server.stop();
  }
}

console.log(
  `bench:soak — ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; load generated by this process`,
);
const backends = (process.env.SOAK_BACKENDS ?? "pglite,postgres").split(",");
let allMet = true;
if (backends.includes("pglite")) {
  process.env.TEST_DATABASE = "pglite";
  allMet = (await run("embedded PGlite", {})) && allMet;
}
if (backends.includes("postgres")) {
  const postgres = await startPostgresServer();
  process.env[TEST_POSTGRES_URL] = postgres.url;
  process.env.TEST_DATABASE = "postgres";
  try {
    allMet = (await run("PostgreSQL 15", {})) && allMet;
  } finally {
    await postgres.stop();
  }
}
process.exit(allMet ? 0 : 1);
