import "server-only";
/**
 * Loading many prepared entries at once (tests, benchmarks, imports): `latest` is decided up front
 * (each pair's newest row, unless the database already holds a newer one), then multi-row inserts in
 * batches inside one transaction, the endorsers rows recomputed once, and the tables analyzed and
 * vacuumed afterwards so the planner and index-only scans see the new rows.
 * Not for uploads: it does not apply the newer-than-latest rule, and a key that already exists makes
 * the whole load fail. Do not run it alongside uploads of the same images.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { executeRows } from "./execute-rows";
import { vacuumAnalyze } from "./maintenance";
import type { PreparedEntry } from "./prepare-entry";
import { certificates, endorserKeys, entries, entryDocuments } from "./schema";
import { unnestInsert } from "./unnest-insert";
import { bumpDataVersion } from "./store-entry";
import { withDb } from "./with-db";

/** Rows per INSERT (one array parameter per column, so any size is valid; this bounds memory). */
const DEFAULT_BATCH_SIZE = 1_000;
const DOCUMENT_BATCH_SIZE = 250;
const PAIR_CHUNK = 5_000;

export interface BulkInsertOptions {
  batchSize?: number;
  /** VACUUM (ANALYZE) the tables after the load (default true). */
  vacuum?: boolean;
}

export async function bulkInsertEntries(prepared: PreparedEntry[], options: BulkInsertOptions = {}): Promise<{ inserted: number }> {
  if (prepared.length === 0) return { inserted: 0 };
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const newest = newestOfEachPair(prepared);
  return withDb("loading entries", async (db) => {
    await db.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      const older = await pairsWithNewerOrEqualStored(tx, newest);
      const latest = new Set<PreparedEntry>();
      const superseded: Array<[string, string]> = [];
      for (const [pair, row] of newest) {
        if (older.has(pair)) continue;
        latest.add(row);
        superseded.push([row.key.identifier, row.key.email]);
      }
      await unsetLatest(tx, superseded);
      const uniqueCertificates = new Map(prepared.map((p) => [p.certificate.fingerprint, p.certificate]));
      for (const chunk of chunks([...uniqueCertificates.values()], 500)) await tx.insert(certificates).values(chunk).onConflictDoNothing();
      // Key continuity as storeEntry would record it: each email's keys, admitted as its first.
      const keys = new Map(prepared.map((p) => [`${p.key.email}\0${p.signingKey.publicKeySha256}`, p]));
      for (const chunk of chunks([...keys.values()], 500)) {
        const rows = chunk.map((p) => ({
          email: p.key.email,
          publicKeySha256: p.signingKey.publicKeySha256,
          admittedBy: "first-key" as const,
          firstCertificate: p.certificate.fingerprint,
        }));
        await tx.insert(endorserKeys).values(rows).onConflictDoNothing();
      }
      for (const batch of chunks(prepared, batchSize)) await insertBatch(tx, batch, latest);
      await recomputeEndorsers(tx, [...new Set(prepared.map((p) => p.key.email))]);
      await bumpDataVersion(tx);
    });
    if (options.vacuum !== false) await vacuumAnalyze(db);
    return { inserted: prepared.length };
  });
}

function pairKey(identifier: string, email: string): string {
  return `${identifier}\0${email}`;
}

function newestOfEachPair(prepared: PreparedEntry[]): Map<string, PreparedEntry> {
  const newest = new Map<string, PreparedEntry>();
  for (const row of prepared) {
    const pair = pairKey(row.key.identifier, row.key.email);
    const current = newest.get(pair);
    if (!current || row.entry.created > current.entry.created) newest.set(pair, row);
  }
  return newest;
}

/** The pairs whose stored newest entry is at least as new as the loaded one: nothing loaded becomes latest. */
async function pairsWithNewerOrEqualStored(tx: Db, newest: Map<string, PreparedEntry>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks([...newest.values()], PAIR_CHUNK)) {
    const rows = await executeRows<{ identifier: string; email: string }>(
      tx,
      sql`
      select p.identifier, p.email
      from unnest(${sql.param(chunk.map((r) => r.key.identifier))}::text[], ${sql.param(chunk.map((r) => r.key.email))}::text[],
                  ${sql.param(chunk.map((r) => r.entry.created.toISOString()))}::timestamptz[]) as p(identifier, email, created)
      where exists (select 1 from entries e where e.identifier = p.identifier and e.email = p.email and e.created >= p.created)`,
    );
    for (const row of rows) found.add(pairKey(row.identifier, row.email));
  }
  return found;
}

async function unsetLatest(tx: Db, pairs: Array<[string, string]>): Promise<void> {
  for (const chunk of chunks(pairs, PAIR_CHUNK)) {
    await tx.execute(sql`
      update entries e set latest = false
      from unnest(${sql.param(chunk.map(([identifier]) => identifier))}::text[], ${sql.param(chunk.map(([, email]) => email))}::text[]) as p(identifier, email)
      where e.latest and e.identifier = p.identifier and e.email = p.email`);
  }
}

async function insertBatch(tx: Db, batch: PreparedEntry[], latest: Set<PreparedEntry>): Promise<void> {
  const rows = await executeRows<{ id: number | string; identifier: string; email: string; created_ms: number | string }>(
    tx,
    unnestInsert(
      entries,
      batch.map((p) => ({ ...p.entry, latest: latest.has(p) })),
      sql`id, identifier, email, (extract(epoch from created) * 1000)::float8 as created_ms`,
    ),
  );
  const idOf = new Map(rows.map((row) => [`${pairKey(row.identifier, row.email)}\0${Number(row.created_ms)}`, Number(row.id)]));
  // The documents go as ordinary multi-row VALUES: large JSON and XML values would be slower as
  // text-array literals, which must be escaped and parsed.
  const documents = batch.map((p) => ({
    ...p.document,
    entryId: idOf.get(`${pairKey(p.key.identifier, p.key.email)}\0${p.entry.created.getTime()}`)!,
  }));
  for (const chunk of chunks(documents, DOCUMENT_BATCH_SIZE)) await tx.insert(entryDocuments).values(chunk);
}

async function recomputeEndorsers(tx: Db, emails: string[]): Promise<void> {
  for (const chunk of chunks(emails, PAIR_CHUNK)) {
    await tx.execute(sql`
      insert into endorsers (email, subject, issuer, name, first_endorsed, last_endorsed, entry_count)
      select distinct on (e.email) e.email, e.endorser_subject, e.endorser_issuer, e.endorser_name,
        min(e.created) over w, max(e.created) over w, (count(*) over w)::int
      from entries e
      where e.email = any(${sql.param(chunk)}::text[])
      window w as (partition by e.email)
      order by e.email, e.created desc
      on conflict (email) do update set
        subject = excluded.subject, issuer = excluded.issuer, name = excluded.name,
        first_endorsed = excluded.first_endorsed, last_endorsed = excluded.last_endorsed, entry_count = excluded.entry_count`);
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
