import { count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { DEFAULT_LIST_QUERY } from "@/lib/entries/list-query";
import { getEntry, getEntryXml, listEndorsers, listEntries, storeEntry } from "./entries";
import { readDataVersion } from "./list-cache";
import { endorsers, entries, entryDocuments } from "./schema";
import { fixtureUpload, JANE_EMAIL, signedUpload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

async function latestRows(identifier: string) {
  return t.db.select({ created: entries.created, email: entries.email }).from(entries).where(sql`${entries.identifier} = ${identifier} and ${entries.latest}`);
}

async function entryCount(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(entries);
  return row!.n;
}

describe("storeEntry", () => {
  it("creates, then is idempotent for the same bytes", async () => {
    const upload = await fixtureUpload("valid-indate-signature.xml");
    expect(await storeEntry(upload)).toEqual({ outcome: "created", key: upload.key });
    expect(await storeEntry(upload)).toEqual({ outcome: "unchanged", key: upload.key });
    expect(await entryCount()).toBe(1);
    expect(Buffer.from((await getEntryXml(upload.key))!)).toEqual(upload.xml);
  });

  it("replaces an entry re-uploaded with the same date and other bytes", async () => {
    const first = await signedUpload({ image: "replace", created: "2026-01-01T00:00:00Z", title: "First" });
    const second = await signedUpload({ image: "replace", created: "2026-01-01T00:00:00Z", title: "Second" });
    expect(second.key).toEqual(first.key);
    await storeEntry(first);
    expect(await storeEntry(second)).toEqual({ outcome: "replaced", key: first.key });
    expect(await entryCount()).toBe(1);
    expect(Buffer.from((await getEntryXml(first.key))!)).toEqual(second.xml);
    expect((await getEntry(first.key))?.title).toBe("Second");
    const [endorser] = await listEndorsers();
    expect(endorser?.entries).toBe(1);
  });

  it("refuses an entry older than the latest of its (identifier, email), with the original message", async () => {
    await storeEntry(await fixtureUpload("valid-indate-newer-signature.xml"));
    const older = await fixtureUpload("valid-indate-signature.xml");
    const error = await storeEntry(older).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "older_than_latest", message: "older than latest entry" });
    expect(await entryCount()).toBe(1);
  });

  it("accepts an older entry of another endorser or another image", async () => {
    await storeEntry(await fixtureUpload("valid-indate-newer-signature.xml"));
    expect((await storeEntry(await fixtureUpload("valid-ca-signed.xml"))).outcome).toBe("created");
    expect((await storeEntry(await fixtureUpload("valid-expired-signature.xml"))).outcome).toBe("created");
  });

  it("keeps exactly one latest entry per (identifier, email): the newest", async () => {
    for (const name of ["valid-indate-deprecated-signature.xml", "valid-indate-signature.xml", "valid-indate-older-signature.xml", "valid-indate-newer-signature.xml"]) {
      await storeEntry(await fixtureUpload(name));
    }
    await storeEntry(await fixtureUpload("valid-ca-signed.xml"));
    const latest = await latestRows("BEE8-MMAw-Lk_IgsEExAy3d9R8h");
    expect(latest.map((r) => [r.email, r.created.toISOString()]).sort()).toEqual([
      ["jane.tester@example.org", "2014-03-08T14:23:18.000Z"],
      ["jim.tester@example.org", "2012-02-01T17:02:02.000Z"],
    ]);
    expect(await entryCount()).toBe(5);
  });

  it("refuses an invalid inspection without touching the database", async () => {
    const upload = await fixtureUpload("valid-indate-signature.xml");
    const invalid = { ...upload.inspection, valid: false, problems: [{ code: "signature.missing" as const, message: "no signature" }] };
    await expect(storeEntry({ xml: upload.xml, inspection: invalid })).rejects.toMatchObject({ code: "invalid_metadata", message: "invalid metadata: no signature" });
    expect(await entryCount()).toBe(0);
  });

  it("stores an entry whole or not at all: a failure mid-store leaves the previous state", async () => {
    const first = await signedUpload({ image: "atomic", created: "2026-01-01T00:00:00Z" });
    await storeEntry(first);
    const version = await readDataVersion(t.db);
    const second = await signedUpload({ image: "atomic", created: "2026-02-01T00:00:00Z" });
    // jsonb refuses \u0000: the entries row is written (and the older one unmarked) before this fails.
    const poisoned = { ...second.inspection, rdfJson: { "http://mp.stratuslab.eu/#x": { p: [{ type: "literal" as const, value: "a\u0000b" }] } } };
    const error = await storeEntry({ xml: second.xml, inspection: poisoned }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("internal");
    expect((error as AppError).message).toBe("database error while storing an entry");
    expect((error as AppError).message).not.toMatch(/insert|select|entry_documents/i);

    expect(await entryCount()).toBe(1);
    expect(await t.db.select({ n: count() }).from(entryDocuments)).toEqual([{ n: 1 }]);
    expect((await latestRows(first.key.identifier)).map((r) => r.created.toISOString())).toEqual(["2026-01-01T00:00:00.000Z"]);
    expect((await t.db.select().from(endorsers))[0]).toMatchObject({ entryCount: 1, lastEndorsed: new Date("2026-01-01T00:00:00Z") });
    expect(await readDataVersion(t.db)).toBe(version);
    expect(await getEntry(second.key)).toBeUndefined();
  });

  it("keeps the endorser row: count, first and last endorsement, identity of the newest entry", async () => {
    await storeEntry(await signedUpload({ image: "e1", created: "2026-03-01T00:00:00Z" }));
    await storeEntry(await signedUpload({ image: "e2", created: "2026-01-01T00:00:00Z" }));
    await storeEntry(await signedUpload({ image: "e1", created: "2026-04-01T00:00:00Z" }));
    await storeEntry(await fixtureUpload("valid-indate-signature.xml"));
    const [row] = await t.db.select().from(endorsers).where(eq(endorsers.email, JANE_EMAIL));
    expect(row).toMatchObject({
      entryCount: 4,
      firstEndorsed: new Date("2014-03-08T14:10:40Z"),
      lastEndorsed: new Date("2026-04-01T00:00:00Z"),
      name: "Jane Tester",
      // The 2026 entries are signed by the test CA's Jane, the 2014 fixture by the original TestCA.
      issuer: "CN=Test CA,OU=Testing Department,O=StratusLab Project,C=EU",
    });
    expect(await listEndorsers()).toEqual([
      {
        email: JANE_EMAIL,
        subject: "CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU",
        issuer: "CN=Test CA,OU=Testing Department,O=StratusLab Project,C=EU",
        name: "Jane Tester",
        entries: 4,
        lastEndorsed: "2026-04-01T00:00:00Z",
      },
    ]);
  });

  it("grows the data version on every change and not on an unchanged re-upload", async () => {
    const upload = await signedUpload({ image: "version", created: "2026-01-01T00:00:00Z" });
    const before = await readDataVersion(t.db);
    await storeEntry(upload);
    const afterCreate = await readDataVersion(t.db);
    await storeEntry(upload);
    expect(afterCreate).toBeGreaterThan(before);
    expect(await readDataVersion(t.db)).toBe(afterCreate);
  });
});

describe("storeEntry under concurrency", () => {
  it("stores parallel uploads of distinct entries, all of them", async () => {
    const uploads = await Promise.all(Array.from({ length: 12 }, (_, i) => signedUpload({ image: `parallel-${i}`, created: "2026-01-01T00:00:00Z" })));
    const results = await Promise.all(uploads.map((u) => storeEntry(u)));
    expect(results.map((r) => r.outcome)).toEqual(Array(12).fill("created"));
    expect(await entryCount()).toBe(12);
    const page = await listEntries({ ...DEFAULT_LIST_QUERY, pageSize: 100 }, new Date("2026-06-01T00:00:00Z"));
    expect(page.total).toBe(12);
    expect((await listEndorsers())[0]?.entries).toBe(12);
  });

  it("leaves exactly one latest entry, the newest, when versions of one image race", async () => {
    const dates = ["2026-01-03", "2026-01-01", "2026-01-05", "2026-01-02", "2026-01-06", "2026-01-04"].map((d) => `${d}T00:00:00Z`);
    const uploads = await Promise.all(dates.map((created) => signedUpload({ image: "race", created })));
    const settled = await Promise.allSettled(uploads.map((u) => storeEntry(u)));
    for (const result of settled) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "older_than_latest" });
      else expect(result.value.outcome).toBe("created");
    }
    const newest = settled[4]!;
    expect(newest.status).toBe("fulfilled");
    const latest = await latestRows(uploads[0]!.key.identifier);
    expect(latest.map((r) => r.created.toISOString())).toEqual(["2026-01-06T00:00:00.000Z"]);
    const stored = settled.filter((r) => r.status === "fulfilled").length;
    expect(await entryCount()).toBe(stored);
    expect((await listEndorsers())[0]?.entries).toBe(stored);
  });

  it("creates once and reports unchanged for the same upload sent in parallel", async () => {
    const upload = await signedUpload({ image: "same", created: "2026-01-01T00:00:00Z" });
    const results = await Promise.all(Array.from({ length: 5 }, () => storeEntry(upload)));
    expect(results.map((r) => r.outcome).sort()).toEqual(["created", "unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(await entryCount()).toBe(1);
  });
});

