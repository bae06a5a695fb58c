import { count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { DEFAULT_LIST_QUERY } from "@/lib/entries/list-query";
import { getEntry, getEntryXml, listEndorsers, listEntries, storeEntry } from ".";
import { readDataVersion } from "./list-cache";
import { dataVersion, endorsers, entries, entryDocuments, uploadEvents } from "./schema";
import { createTestLeaf } from "@/lib/metadata/pki/testing/test-pki";
import { testSigners } from "@/lib/metadata/__tests__/signing-helpers";
import { endorserCertificates } from "./key-continuity";
import { admitAsExisting, fixtureUpload, JANE_EMAIL, signedUpload, signerFor } from "./testing/signed-entries";
import { failAuditWrites } from "./testing/fail-audit-writes";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

async function latestRows(identifier: string) {
  return t.db
    .select({ created: entries.created, email: entries.email })
    .from(entries)
    .where(sql`${entries.identifier} = ${identifier} and ${entries.latest}`);
}

/** The data_version row itself (on PGlite, readDataVersion counts writes in the process instead). */
async function storedDataVersion(): Promise<number> {
  const [row] = await t.db.select({ version: dataVersion.version }).from(dataVersion);
  return row?.version ?? 0;
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

  it("keeps the first bytes: the same date with other bytes is refused with 409, whatever the difference", async () => {
    const first = await signedUpload({ image: "replace", created: "2026-01-01T00:00:00Z", title: "First" });
    const second = await signedUpload({ image: "replace", created: "2026-01-01T00:00:00Z", title: "Second" });
    // An equivalent copy that still verifies: white space where the signature does not look.
    const respaced = { ...first, xml: Buffer.from(first.xml.toString("utf8").replace("<rdf:RDF", "<rdf:RDF ")) };
    expect(second.key).toEqual(first.key);
    await storeEntry(first);
    for (const other of [second, respaced]) {
      await expect(storeEntry(other)).rejects.toMatchObject({
        code: "conflict",
        status: 409,
        message: expect.stringContaining("sign a new entry"),
      });
    }
    expect(await storeEntry(first)).toEqual({ outcome: "unchanged", key: first.key });
    expect(await entryCount()).toBe(1);
    expect(Buffer.from((await getEntryXml(first.key))!)).toEqual(first.xml);
    expect((await getEntry(first.key))?.title).toBe("First");
    const [endorser] = await listEndorsers();
    expect(endorser?.entries).toBe(1);
  });

  it("stores a 2 MB description of distinct words, searchable by its first words", async () => {
    const words = Array.from({ length: 150_000 }, (_, i) => `w${i.toString(36)}x${(i * 7919).toString(36)}`).join(" ");
    const upload = await signedUpload({ image: "long text", created: "2026-01-01T00:00:00Z", description: `needle ${words}` });
    expect(upload.xml.length).toBeGreaterThan(1_800_000);
    expect((await storeEntry(upload)).outcome).toBe("created");
    const found = await listEntries({ ...DEFAULT_LIST_QUERY, q: "needle" });
    expect(found.items.map((e) => e.identifier)).toEqual([upload.key.identifier]);
  });

  it("refuses an entry older than the latest of its (identifier, email), with the original message", async () => {
    await storeEntry(await fixtureUpload("valid-indate-newer-signature.xml"));
    const older = await fixtureUpload("valid-indate-signature.xml");
    const error = await storeEntry(older).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "older_than_latest", message: "invalid metadata: older than latest entry" });
    expect(await entryCount()).toBe(1);
  });

  it("accepts an older entry of another endorser or another image", async () => {
    await storeEntry(await fixtureUpload("valid-indate-newer-signature.xml"));
    expect((await storeEntry(await fixtureUpload("valid-ca-signed.xml"))).outcome).toBe("created");
    expect(
      (await storeEntry(await signedUpload({ image: "another", created: "2001-01-01T00:00:00Z", email: "new.endorser@example.org" })))
        .outcome,
    ).toBe("created");
  });

  it("keeps exactly one latest entry per (identifier, email): the newest", async () => {
    for (const name of [
      "valid-indate-deprecated-signature.xml",
      "valid-indate-signature.xml",
      "valid-indate-older-signature.xml",
      "valid-indate-newer-signature.xml",
    ]) {
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

  it("takes only a valid inspection (the caller refuses the others): an invalid one is an internal error, stored nowhere", async () => {
    const upload = await fixtureUpload("valid-indate-signature.xml");
    const invalid = { ...upload.inspection, valid: false, problems: [{ code: "signature.missing" as const, message: "no signature" }] };
    await expect(storeEntry({ xml: upload.xml, inspection: invalid })).rejects.toMatchObject({
      code: "internal",
      message: expect.stringContaining("prepareEntry needs a valid inspection"),
    });
    expect(await entryCount()).toBe(0);
  });

  it("stores an entry whole or not at all: a failure mid-store leaves the previous state", async () => {
    const first = await signedUpload({ image: "atomic", created: "2026-01-01T00:00:00Z" });
    await storeEntry(first);
    const version = await storedDataVersion();
    const second = await signedUpload({ image: "atomic", created: "2026-02-01T00:00:00Z" });
    // jsonb refuses \u0000: the entries row is written (and the older one unmarked) before this fails.
    // (The engine refuses U+0000 in documents; PostgreSQL's data exceptions answer 400 all the same.)
    const poisoned = {
      ...second.inspection,
      rdfJson: { "http://mp.stratuslab.eu/#x": { p: [{ type: "literal" as const, value: "a\u0000b" }] } },
    };
    const error = await storeEntry({ xml: second.xml, inspection: poisoned }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("bad_request");
    expect((error as AppError).message).toBe("a value in the request cannot be searched or stored (for example a control character)");
    expect((error as AppError).message).not.toMatch(/insert|select|entry_documents/i);

    expect(await entryCount()).toBe(1);
    expect(await t.db.select({ n: count() }).from(entryDocuments)).toEqual([{ n: 1 }]);
    expect((await latestRows(first.key.identifier)).map((r) => r.created.toISOString())).toEqual(["2026-01-01T00:00:00.000Z"]);
    expect((await t.db.select().from(endorsers))[0]).toMatchObject({ entryCount: 1, lastEndorsed: new Date("2026-01-01T00:00:00Z") });
    expect(await storedDataVersion()).toBe(version);
    expect(await getEntry(second.key)).toBeUndefined();
  });

  it("records the upload event of a stored entry in the store transaction, with its key, size and source", async () => {
    const upload = await signedUpload({ image: "audited", created: "2026-01-01T00:00:00Z" });
    await storeEntry({ ...upload, source: { address: "192.0.2.7", userAgent: "curl/8" } });
    await storeEntry({ ...upload, source: { address: "192.0.2.7" } });
    const events = await t.db.select().from(uploadEvents).orderBy(uploadEvents.id);
    expect(events.map((e) => [e.outcome, e.identifier, e.email, e.created?.toISOString(), e.size, e.address, e.userAgent])).toEqual([
      ["created", upload.key.identifier, upload.key.email, "2026-01-01T00:00:00.000Z", upload.xml.byteLength, "192.0.2.7", "curl/8"],
      ["unchanged", upload.key.identifier, upload.key.email, "2026-01-01T00:00:00.000Z", upload.xml.byteLength, "192.0.2.7", null],
    ]);
  });

  it("stores nothing when the upload event cannot be written: the entry is rolled back and the failure is a 503", async () => {
    const first = await signedUpload({ image: "audit-fails", created: "2026-01-01T00:00:00Z" });
    await storeEntry(first);
    const version = await storedDataVersion();
    const second = await signedUpload({ image: "audit-fails", created: "2026-02-01T00:00:00Z" });
    // The audit table refuses the stored upload's row as a full disk would (SQLSTATE 53100).
    await failAuditWrites(t.db);
    try {
      const error = await storeEntry({ ...second, source: { address: "192.0.2.8" } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "unavailable", status: 503 });
    } finally {
      await t.db.execute(sql.raw("drop trigger fail_audit on upload_events"));
    }
    expect(await entryCount()).toBe(1);
    expect(await getEntry(second.key)).toBeUndefined();
    expect((await latestRows(first.key.identifier)).map((r) => r.created.toISOString())).toEqual(["2026-01-01T00:00:00.000Z"]);
    expect((await t.db.select().from(endorsers))[0]).toMatchObject({ entryCount: 1, lastEndorsed: new Date("2026-01-01T00:00:00Z") });
    expect(await storedDataVersion()).toBe(version);
    expect(await t.db.select().from(uploadEvents)).toEqual([]);
  });

  it("keeps the endorser row: count, first and last endorsement, identity of the newest entry", async () => {
    await storeEntry(await signedUpload({ image: "e1", created: "2026-03-01T00:00:00Z" }));
    await storeEntry(await signedUpload({ image: "e2", created: "2026-01-01T00:00:00Z" }));
    await storeEntry(await signedUpload({ image: "e1", created: "2026-04-01T00:00:00Z" }));
    // The original fixture's key (another key for the same email) as one that published before key continuity.
    const fixture = await fixtureUpload("valid-indate-signature.xml");
    await admitAsExisting(t.db, fixture);
    await storeEntry(fixture);
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
    const before = await storedDataVersion();
    const cacheBefore = await readDataVersion(t.db);
    await storeEntry(upload);
    const afterCreate = await storedDataVersion();
    expect(await readDataVersion(t.db)).toBeGreaterThan(cacheBefore);
    await storeEntry(upload);
    expect(afterCreate).toBeGreaterThan(before);
    expect(await storedDataVersion()).toBe(afterCreate);
  });
});

describe("storeEntry under concurrency", () => {
  it("stores parallel uploads of distinct entries, all of them", async () => {
    const uploads = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signedUpload({ image: `parallel-${i}`, created: "2026-01-01T00:00:00Z" })),
    );
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

describe("key continuity", () => {
  const victim = "victim@example.org";

  it("publishes an email's entries only with the keys that published for it, whatever the certificate says", async () => {
    const victimKey = await signerFor(victim);
    await storeEntry(await signedUpload({ image: "victim image", created: "2026-01-01T00:00:00Z", email: victim }));
    // A self-signed certificate claiming the email, and one without any email: for a new image and as a deprecation.
    const impostors = [
      await createTestLeaf({
        subject: "CN=Victim, O=Elsewhere",
        email: victim,
        notBefore: new Date("2000-01-01"),
        notAfter: new Date("2040-01-01"),
      }),
      await createTestLeaf({ subject: "CN=Victim, O=Elsewhere", notBefore: new Date("2000-01-01"), notAfter: new Date("2040-01-01") }),
    ];
    for (const impostor of impostors) {
      for (const spec of [{ image: "impostor image" }, { image: "victim image", deprecated: "taken over" }]) {
        const upload = await signedUpload({ ...spec, created: "2026-02-01T00:00:00Z", email: victim }, impostor);
        expect(upload.key.email).toBe(victim);
        await expect(storeEntry(upload), `${impostor.certificate.subject} ${spec.image}`).rejects.toMatchObject({
          code: "forbidden",
          status: 403,
          details: { reason: "key_continuity" },
        });
      }
    }
    const listed = await listEntries({ ...DEFAULT_LIST_QUERY, email: victim });
    expect(listed.items.map((e) => [e.title, e.deprecated])).toEqual([[undefined, undefined]]);
    // A renewed certificate for the same key publishes.
    const renewed = await createTestLeaf({
      issuer: (await testSigners()).ca,
      keyOf: victimKey,
      subject: "CN=victim renewed, O=StratusLab Project, C=EU",
      email: victim,
      notBefore: new Date("2000-01-01"),
      notAfter: new Date("2041-01-01"),
    });
    expect(
      (await storeEntry(await signedUpload({ image: "victim image", created: "2026-03-01T00:00:00Z", email: victim }, renewed))).outcome,
    ).toBe("created");
  });

  it("admits a new key whose certificate chains to a trusted CA and carries the email", async () => {
    await storeEntry(await signedUpload({ image: "first", created: "2026-01-01T00:00:00Z", email: victim }));
    const newKey = await createTestLeaf({
      issuer: (await testSigners()).ca,
      subject: "CN=victim new key, O=StratusLab Project, C=EU",
      email: victim,
      notBefore: new Date("2000-01-01"),
      notAfter: new Date("2040-01-01"),
    });
    const upload = await signedUpload({ image: "second", created: "2026-02-01T00:00:00Z", email: victim }, newKey);
    expect(upload.inspection.trust?.label).not.toBe("trusted"); // no trust store in these tests: refused as it stands
    await expect(storeEntry(upload)).rejects.toMatchObject({ code: "forbidden" });
    const trusted = { ...upload, inspection: { ...upload.inspection, trust: { ...upload.inspection.trust!, label: "trusted" as const } } };
    expect((await storeEntry(trusted)).outcome).toBe("created");
    const history = await endorserCertificates(victim);
    expect(history.map((c) => [c.subject, c.admittedBy, c.entries])).toEqual([
      [
        upload.inspection.entry
          ? (await signedUpload({ image: "x", created: "2026-01-01T00:00:00Z", email: victim })).inspection.signature!.certificate.subject
          : "",
        "first-key",
        1,
      ],
      ["CN=victim new key,O=StratusLab Project,C=EU", "trusted-ca", 1],
    ]);
  });

  it("lets only one of two racing first keys of an email publish", async () => {
    const a = await signedUpload({ image: "race a", created: "2026-01-01T00:00:00Z", email: "race@example.org" });
    const other = await createTestLeaf({
      subject: "CN=race, O=Elsewhere",
      email: "race@example.org",
      notBefore: new Date("2000-01-01"),
      notAfter: new Date("2040-01-01"),
    });
    const b = await signedUpload({ image: "race b", created: "2026-01-01T00:00:00Z", email: "race@example.org" }, other);
    const results = await Promise.allSettled([storeEntry(a), storeEntry(b)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });
});
