import { count, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY } from "@/lib/entries/list-query";
import { getEntry, getEntryRdfJson, getEntryXml, listEndorsers, listEntries, storeEntry } from ".";
import { bulkInsertEntries } from "./bulk-insert";
import { prepareEntry, type PreparedEntry } from "./prepare-entry";
import { entries } from "./schema";
import { signedUpload, type Upload } from "./testing/signed-entries";
import { syntheticEntries } from "./testing/synthetic-entries";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

const NOW = new Date("2026-06-01T00:00:00Z");
let template: Upload;
beforeAll(async () => {
  template = await signedUpload({ image: "template", created: "2026-01-01T00:00:00Z" });
});

type Rows<T> = { rows: T[] };

describe("bulkInsertEntries", () => {
  it("loads many entries with one latest per (identifier, email), the newest, and the endorsers", async () => {
    const rows = syntheticEntries(template, { count: 600, now: NOW, endorsers: 7, historyShare: 0.4 });
    expect(await bulkInsertEntries(rows, { batchSize: 128 })).toEqual({ inserted: 600 });

    const wrong = await t.db.execute(sql`
      select identifier, email from entries
      group by identifier, email
      having count(*) filter (where latest) <> 1
          or max(created) <> max(created) filter (where latest)`);
    expect((wrong as unknown as Rows<unknown>).rows).toEqual([]);
    const pairs = new Set(rows.map((r) => `${r.key.identifier} ${r.key.email}`));
    expect(
      await t.db
        .select({ n: count() })
        .from(entries)
        .where(sql`latest`),
    ).toEqual([{ n: pairs.size }]);
    expect(pairs.size).toBeLessThan(600);

    const perEmail = new Map<string, number>();
    for (const row of rows) perEmail.set(row.key.email, (perEmail.get(row.key.email) ?? 0) + 1);
    expect(Object.fromEntries((await listEndorsers()).map((e) => [e.email, e.entries]))).toEqual(Object.fromEntries(perEmail));

    const newestValid = [...groupNewest(rows).values()].filter(
      (r) => r.entry.valid && r.entry.valid > NOW && r.entry.deprecated === null,
    ).length;
    expect((await listEntries(DEFAULT_LIST_QUERY, NOW)).total).toBe(newestValid);
  });

  it("respects what is stored: newer stored entries stay latest, older ones give way", async () => {
    const stored = await signedUpload({ image: "kept", created: "2026-05-01T00:00:00Z" });
    const replaced = await signedUpload({ image: "moved", created: "2026-01-01T00:00:00Z" });
    await storeEntry(stored);
    await storeEntry(replaced);
    const older = await signedUpload({ image: "kept", created: "2026-02-01T00:00:00Z" });
    const newer = await signedUpload({ image: "moved", created: "2026-03-01T00:00:00Z" });
    await bulkInsertEntries([prepareEntry(older.xml, older.inspection), prepareEntry(newer.xml, newer.inspection)]);
    expect((await getEntry(stored.key))?.latest).toBe(true);
    expect((await getEntry(older.key))?.latest).toBe(false);
    expect((await getEntry(replaced.key))?.latest).toBe(false);
    expect((await getEntry(newer.key))?.latest).toBe(true);
    expect((await listEndorsers())[0]?.entries).toBe(4);
  });

  it("loads all or nothing: an existing key fails the whole load", async () => {
    const existing = await signedUpload({ image: "dup", created: "2026-01-01T00:00:00Z" });
    await storeEntry(existing);
    const rows = [...syntheticEntries(template, { count: 20, now: NOW }), prepareEntry(existing.xml, existing.inspection)];
    await expect(bulkInsertEntries(rows)).rejects.toMatchObject({ code: "internal", message: "database error while loading entries" });
    expect(await t.db.select({ n: count() }).from(entries)).toEqual([{ n: 1 }]);
  });

  it("stores awkward values exactly: quotes, backslashes, braces in arrays, every byte value", async () => {
    const upload = await signedUpload({ image: "awkward", created: "2026-01-01T00:00:00Z" });
    const base = prepareEntry(upload.xml, upload.inspection);
    // Every byte value, a leading byte-order mark included.
    const xml = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Uint8Array.from({ length: 512 }, (_, i) => i % 256)]);
    const locations = ['a"b', "c\\d", "{e,f}", "NULL", "", " spaced ", "ünïcödé ☃"];
    const rdfJson = { 'x"\\y': { "p\n": [{ type: "literal" as const, value: "{\"a\": [1, '\\u0041']}" }] } };
    const row: PreparedEntry = {
      ...base,
      entry: { ...base.entry, title: 'T "quoted" \\ back, {brace}', description: null, locations },
      document: { ...base.document, xml, rdfJson },
    };
    await bulkInsertEntries([row]);
    const entry = await getEntry(upload.key, NOW);
    expect(entry?.locations).toEqual(locations);
    expect(entry?.title).toBe('T "quoted" \\ back, {brace}');
    expect(entry?.description).toBeUndefined();
    expect(entry?.metadata).toEqual(upload.inspection.entry);
    expect(Buffer.from((await getEntryXml(upload.key))!)).toEqual(Buffer.from(xml));
    expect(await getEntryRdfJson(upload.key)).toEqual(rdfJson);
  });
});

function groupNewest(rows: PreparedEntry[]): Map<string, PreparedEntry> {
  const newest = new Map<string, PreparedEntry>();
  for (const row of rows) {
    const key = `${row.key.identifier} ${row.key.email}`;
    const current = newest.get(key);
    if (!current || row.entry.created > current.entry.created) newest.set(key, row);
  }
  return newest;
}
