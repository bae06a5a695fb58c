/**
 * Listing queries on a generated data set, on either backend: load time, then for each query the
 * EXPLAIN ANALYZE execution times of its page and its count, and listEntries timings (the first call
 * computes the counts; later calls find them cached).
 *
 *   node --conditions=react-server --import tsx db/testing/measure-listing.ts pglite|postgres [count]
 *
 * PGlite runs in a temporary data directory; postgres starts a throwaway server (as for the tests).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { DEFAULT_LIST_QUERY, type ListQuery } from "@/lib/entries/list-query";
import { installDb, type Db, type DbHandle } from "../client";
import { facets, listEntries } from "..";
import { bulkInsertEntries } from "../bulk-insert";
import { executeRows } from "../execute-rows";
import { filterConditions, normalizeFilters, orderBy } from "../list-sql";
import { openPglite, openPostgres } from "../open";
import { entries } from "../schema";
import { summaryColumns } from "../summary";
import { createTestDatabaseUrl, TEST_POSTGRES_URL } from "./postgres-database";
import { startPostgresServer } from "./postgres-server";
import { signedUpload } from "./signed-entries";
import { syntheticEntries } from "./synthetic-entries";

const backend = process.argv[2] === "postgres" ? "postgres" : "pglite";
const count = Number(process.argv[3] ?? 100_000);
const now = new Date("2026-11-25T12:00:00Z");

const QUERIES: Array<[string, Partial<ListQuery>]> = [
  ["default (valid, newest first)", {}],
  ["sort title asc, page 50", { sort: "title", order: "asc", page: 50 }],
  ["os=ubuntu", { os: "ubuntu" }],
  ["q=ubuntu server", { q: "ubuntu server" }],
  ["location=pdisk", { location: "pdisk" }],
  ["status=expired", { status: "expired" }],
  ["status=deprecated", { status: "deprecated" }],
  ["any status, sort os", { status: undefined, sort: "os", order: "asc" }],
  ["contains os 'bun'", { contains: { os: "bun" } }],
  ["email", { email: "endorser7@site7.example.org" }],
  ["arch+kind, sort endorser", { arch: "i686", kind: "disk", sort: "endorser", order: "asc" }],
  ["page 1000 (offset 19,980)", { page: 1000 }],
];

const { handle, stop } = await open();
installDb(handle);
try {
  const template = await signedUpload({ image: "template", created: "2026-01-01T00:00:00Z" });
  const rows = syntheticEntries(template, { count, now });
  let started = performance.now();
  await bulkInsertEntries(rows);
  console.log(`${backend}: loaded ${count} entries in ${ms(started)} (vacuum and analyze included)`);

  for (const [name, overrides] of QUERIES) {
    const query: ListQuery = { ...DEFAULT_LIST_QUERY, ...overrides };
    const conditions = filterConditions(normalizeFilters(query), now);
    const page = handle.db
      .select(summaryColumns)
      .from(entries)
      .where(and(...conditions))
      .orderBy(...orderBy(query.sort, query.order))
      .limit(21)
      .offset((query.page - 1) * 20);
    const pageTime = await executionTime(handle.db, page.getSQL());
    const countTime = await executionTime(handle.db, sql`select count(*) from ${entries} where ${and(...conditions)}`);
    started = performance.now();
    const first = await listEntries(query, now);
    const cold = ms(started);
    const warm: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t = performance.now();
      await listEntries(query, now);
      warm.push(performance.now() - t);
    }
    warm.sort((a, b) => a - b);
    console.log(
      `${name}: total ${first.total}; EXPLAIN page ${pageTime}, count ${countTime}; listEntries first ${cold}, then p50 ${warm[4]!.toFixed(1)} ms`,
    );
  }
  started = performance.now();
  await facets(now);
  const coldFacets = ms(started);
  started = performance.now();
  await facets(now);
  console.log(`facets: first ${coldFacets}, then ${ms(started)}`);
  let cursor: string | undefined;
  started = performance.now();
  for (let i = 0; i < 20; i++) cursor = (await listEntries({ ...DEFAULT_LIST_QUERY, cursor }, now)).nextCursor;
  console.log(`20 pages by cursor: ${((performance.now() - started) / 20).toFixed(1)} ms a page`);
} finally {
  installDb(undefined);
  await stop();
}

async function open(): Promise<{ handle: DbHandle; stop: () => Promise<void> }> {
  if (backend === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "measure-pglite-"));
    const handle = await openPglite(path.join(dir, "data"));
    return { handle, stop: async () => (await handle.close(), fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const server = await startPostgresServer();
  process.env[TEST_POSTGRES_URL] = server.url;
  const handle = await openPostgres(await createTestDatabaseUrl());
  return { handle, stop: async () => (await handle.close(), await server.stop()) };
}

/** EXPLAIN ANALYZE of a query with its parameters inlined (EXPLAIN takes no bind parameters on PGlite). */
async function executionTime(db: Db, query: SQL): Promise<string> {
  const { sql: text, params } = new PgDialect().sqlToQuery(query);
  const inlined = text.replace(/\$(\d+)/g, (_: string, i: string) => literal(params[Number(i) - 1]));
  const rows = await executeRows<Record<string, string>>(db, sql.raw(`explain (analyze) ${inlined}`));
  const lines = rows.map((row) => Object.values(row)[0]!);
  return lines.find((line) => line.startsWith("Execution Time"))?.replace("Execution Time: ", "") ?? "?";
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

function ms(started: number): string {
  return `${(performance.now() - started).toFixed(1)} ms`;
}
