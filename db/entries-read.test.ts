import { beforeEach, describe, expect, it } from "vitest";
import {
  countEntries,
  endorserHistory,
  endorserTags,
  entriesForImage,
  facets,
  findByTag,
  getEntry,
  getEntryRdfJson,
  getEntryXml,
  listUploadEvents,
  recordUploadEvent,
  storeEntry,
} from ".";
import { admitAsExisting, fixtureUpload as readFixtureUpload, identifierOf, JANE_EMAIL, signedUpload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

const NOW = new Date("2026-06-01T00:00:00Z");

/** A reference fixture, its key admitted as published before key continuity (the fixtures sign one email with several keys). */
async function fixtureUpload(name: string) {
  const upload = await readFixtureUpload(name);
  await admitAsExisting(t.db, upload);
  return upload;
}
const BEE8 = "BEE8-MMAw-Lk_IgsEExAy3d9R8h";

describe("getEntry, getEntryXml, getEntryRdfJson", () => {
  it("returns everything the entry page shows, whatever the status", async () => {
    const upload = await fixtureUpload("valid-indate-deprecated-signature.xml");
    await storeEntry(upload);
    const before = Date.now();
    const entry = await getEntry(upload.key, NOW);
    expect(entry).toMatchObject({
      ...upload.key,
      status: "deprecated",
      deprecated: upload.inspection.entry!.deprecated,
      os: "ttylinux",
      latest: true,
      xmlBytes: upload.xml.length,
      trust: upload.inspection.trust!.label,
    });
    expect(entry?.metadata).toEqual(upload.inspection.entry);
    expect(entry?.signature).toEqual(upload.inspection.signature);
    expect(entry?.trustEvaluation).toEqual(upload.inspection.trust);
    expect(Math.abs(new Date(entry!.uploadedAt).getTime() - before)).toBeLessThan(60_000);
  });

  it("returns the uploaded bytes exactly and the RDF/JSON", async () => {
    const upload = await fixtureUpload("invalid-special-characters-signature.xml");
    await storeEntry(upload);
    const xml = await getEntryXml(upload.key);
    expect(Buffer.from(xml!).equals(upload.xml)).toBe(true);
    expect(await getEntryRdfJson(upload.key)).toEqual(upload.inspection.rdfJson);
  });

  it("finds nothing for unknown or impossible keys, without an error", async () => {
    const upload = await fixtureUpload("valid-indate-signature.xml");
    await storeEntry(upload);
    for (const key of [
      { ...upload.key, created: "2014-03-08T14:10:41Z" },
      { ...upload.key, email: "JANE.tester@example.org" },
      { ...upload.key, created: "2014-02-30T14:10:40Z" },
      { ...upload.key, created: "not a date" },
      { ...upload.key, created: "2014-03-08T14:10:40.000Z" },
    ]) {
      expect(await getEntry(key)).toBeUndefined();
      expect(await getEntryXml(key)).toBeUndefined();
      expect(await getEntryRdfJson(key)).toBeUndefined();
    }
  });
});

describe("entriesForImage", () => {
  it("returns every entry of the image, every endorser and date, newest first", async () => {
    for (const name of [
      "valid-indate-signature.xml",
      "valid-indate-newer-signature.xml",
      "valid-ca-signed.xml",
      "valid-expired-signature.xml",
    ]) {
      await storeEntry(await fixtureUpload(name));
    }
    const related = await entriesForImage(BEE8, NOW);
    expect(related.map((e) => [e.email, e.created, e.latest, e.status])).toEqual([
      [JANE_EMAIL, "2014-03-08T14:23:18Z", true, "expired"],
      [JANE_EMAIL, "2014-03-08T14:10:40Z", false, "expired"],
      ["jim.tester@example.org", "2012-02-01T17:02:02Z", true, "expired"],
    ]);
    expect(await entriesForImage("MMZu9WvwKIro-rtBQfDk4PsKO7_")).toEqual([]);
  });
});

describe("findByTag (tag mode)", () => {
  it("follows the reference fixtures: BEE8, then F49u, and F49u after BEE8 is deprecated", async () => {
    await storeEntry(await fixtureUpload("valid-alternative.xml"));
    expect(await findByTag(JANE_EMAIL, "Alternative")).toEqual({ identifier: BEE8, email: JANE_EMAIL, created: "2014-05-04T16:47:11Z" });
    await storeEntry(await fixtureUpload("valid-alternative-newid.xml"));
    const f49u = { identifier: "F49uQGH1uwT4mG9Lqj2pYnWkApd", email: JANE_EMAIL, created: "2014-05-04T16:49:03Z" };
    expect(await findByTag(JANE_EMAIL, "Alternative")).toEqual(f49u);
    await storeEntry(await fixtureUpload("valid-alternative-deprecated-signed.xml"));
    expect(await findByTag(JANE_EMAIL, "Alternative")).toEqual(f49u);
    expect(await findByTag(JANE_EMAIL, "alternative")).toBeUndefined();
    expect(await findByTag("jim.tester@example.org", "Alternative")).toBeUndefined();
  });

  it("excludes an image with any deprecated entry by that email, even an older one", async () => {
    await storeEntry(await fixtureUpload("valid-indate-deprecated-signature.xml"));
    await storeEntry(await fixtureUpload("valid-alternative.xml"));
    expect(await findByTag(JANE_EMAIL, "Alternative")).toBeUndefined();
  });

  it("ignores deprecations by other endorsers and validity", async () => {
    await storeEntry(
      await signedUpload({ image: "tagged", created: "2026-01-01T00:00:00Z", valid: "2020-01-01T00:00:00Z", tag: "stable" }),
    );
    await storeEntry(await signedUpload({ image: "tagged", created: "2026-02-01T00:00:00Z", email: "bob@example.org", deprecated: "no" }));
    expect(await findByTag(JANE_EMAIL, "stable")).toEqual({
      identifier: identifierOf("tagged"),
      email: JANE_EMAIL,
      created: "2026-01-01T00:00:00Z",
    });
  });
});

describe("endorsers", () => {
  it("lists an endorser's entries of the last days, newest first, every version", async () => {
    await storeEntry(await signedUpload({ image: "h1", created: "2026-04-01T00:00:00Z", title: "First" }));
    await storeEntry(
      await signedUpload({ image: "h1", created: "2026-05-30T00:00:00Z", title: "Again", deprecated: "old", locations: [] }),
    );
    await storeEntry(await signedUpload({ image: "h2", created: "2026-05-10T00:00:00Z", description: "two" }));
    await storeEntry(await signedUpload({ image: "h3", created: "2026-05-20T00:00:00Z", email: "bob@example.org" }));
    expect(await endorserHistory(JANE_EMAIL, 30, NOW)).toEqual([
      {
        identifier: identifierOf("h1"),
        email: JANE_EMAIL,
        created: "2026-05-30T00:00:00Z",
        title: "Again",
        deprecated: "old",
        locations: [],
      },
      {
        identifier: identifierOf("h2"),
        email: JANE_EMAIL,
        created: "2026-05-10T00:00:00Z",
        description: "two",
        locations: [`https://images.example.org/${identifierOf("h2")}.img.gz`],
      },
    ]);
    expect((await endorserHistory(JANE_EMAIL, 62, NOW)).map((h) => h.created)).toEqual([
      "2026-05-30T00:00:00Z",
      "2026-05-10T00:00:00Z",
      "2026-04-01T00:00:00Z",
    ]);
    expect(await endorserHistory(JANE_EMAIL, 0, NOW)).toEqual([]);
    expect(await endorserHistory("nobody@example.org", 365, NOW)).toEqual([]);
    await expect(endorserHistory(JANE_EMAIL, -1, NOW)).rejects.toMatchObject({ code: "bad_request" });
    await expect(endorserHistory(JANE_EMAIL, Number.NaN, NOW)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("lists an endorser's distinct tags", async () => {
    await storeEntry(await signedUpload({ image: "t1", created: "2026-01-01T00:00:00Z", tag: "web" }));
    await storeEntry(await signedUpload({ image: "t2", created: "2026-01-01T00:00:00Z", tag: "web" }));
    await storeEntry(await signedUpload({ image: "t3", created: "2026-01-01T00:00:00Z", tag: "Alternative" }));
    await storeEntry(await signedUpload({ image: "t4", created: "2026-01-01T00:00:00Z" }));
    await storeEntry(await signedUpload({ image: "t5", created: "2026-01-01T00:00:00Z", tag: "other", email: "bob@example.org" }));
    expect(await endorserTags(JANE_EMAIL)).toEqual(["Alternative", "web"]);
    expect(await endorserTags("nobody@example.org")).toEqual([]);
  });
});

describe("facets", () => {
  it("offers the values of the latest valid entries, case-insensitively distinct", async () => {
    await storeEntry(
      await signedUpload({
        image: "f1",
        created: "2026-01-01T00:00:00Z",
        os: "Ubuntu",
        osVersion: "24.04",
        arch: "x86_64",
        kind: "machine",
      }),
    );
    await storeEntry(
      await signedUpload({ image: "f2", created: "2026-02-01T00:00:00Z", os: "UBUNTU", osVersion: "22.04", arch: "aarch64", kind: "disk" }),
    );
    await storeEntry(await signedUpload({ image: "f3", created: "2026-02-01T00:00:00Z", os: "Debian", valid: "2026-03-01T00:00:00Z" }));
    await storeEntry(
      await signedUpload({ image: "f4", created: "2026-02-01T00:00:00Z", os: "CentOS", deprecated: "gone", email: "carol@example.org" }),
    );
    await storeEntry(await signedUpload({ image: "f5", created: "2026-02-01T00:00:00Z", os: "Fedora", valid: null }));
    await storeEntry(await signedUpload({ image: "f6", created: "2026-01-01T00:00:00Z", os: "Alpine", email: "bob@example.org" }));
    await storeEntry(
      await signedUpload({
        image: "f6",
        created: "2026-03-01T00:00:00Z",
        os: "Alpine",
        email: "bob@example.org",
        valid: "2026-04-01T00:00:00Z",
      }),
    );
    expect(await facets(NOW)).toEqual({
      os: ["Ubuntu"],
      osVersion: ["22.04", "24.04"],
      arch: ["aarch64", "x86_64"],
      kind: ["disk", "machine"],
      endorsers: [{ email: JANE_EMAIL, name: "Jane Tester" }],
      osVersionsByOs: { ubuntu: ["22.04", "24.04"] },
    });
    expect((await facets(new Date("2026-02-15T00:00:00Z"))).os).toEqual(["Alpine", "Debian", "Ubuntu"]);
  });

  it("orders versions as numbers and offers each OS its own versions", async () => {
    await storeEntry(await signedUpload({ image: "v1", created: "2026-01-01T00:00:00Z", os: "Ubuntu", osVersion: "10.04" }));
    await storeEntry(await signedUpload({ image: "v2", created: "2026-01-01T00:00:00Z", os: "ubuntu", osVersion: "9.10" }));
    await storeEntry(await signedUpload({ image: "v3", created: "2026-01-01T00:00:00Z", os: "Debian", osVersion: "12" }));
    await storeEntry(await signedUpload({ image: "v4", created: "2026-01-01T00:00:00Z", os: "Debian", osVersion: "9" }));
    const result = await facets(NOW);
    expect(result.osVersion).toEqual(["9", "9.10", "10.04", "12"]);
    expect(result.osVersionsByOs).toEqual({ debian: ["9", "12"], ubuntu: ["9.10", "10.04"] });
  });

  it("follows new entries at once", async () => {
    await storeEntry(await signedUpload({ image: "g1", created: "2026-01-01T00:00:00Z", os: "Ubuntu" }));
    expect((await facets(NOW)).os).toEqual(["Ubuntu"]);
    await storeEntry(await signedUpload({ image: "g2", created: "2026-01-01T00:00:00Z", os: "Rocky" }));
    expect((await facets(NOW)).os).toEqual(["Rocky", "Ubuntu"]);
  });
});

describe("countEntries", () => {
  it("counts every stored entry", async () => {
    expect(await countEntries()).toBe(0);
    await storeEntry(await fixtureUpload("valid-indate-signature.xml"));
    await storeEntry(await fixtureUpload("valid-indate-newer-signature.xml"));
    expect(await countEntries()).toBe(2);
  });
});

describe("upload events", () => {
  it("records every attempt and lists them newest first", async () => {
    const key = { identifier: BEE8, email: JANE_EMAIL, created: "2014-03-08T14:10:40Z" };
    await recordUploadEvent({
      outcome: "created",
      key,
      bytes: 4321,
      address: "192.0.2.1",
      userAgent: "curl/8",
      at: new Date("2026-01-01T00:00:00Z"),
    });
    await recordUploadEvent({
      outcome: "refused",
      problems: ["signature.missing"],
      bytes: 10,
      address: "192.0.2.9",
      userAgent: "x".repeat(5000),
      at: new Date("2026-01-02T00:00:00Z"),
    });
    await recordUploadEvent({ outcome: "refused", problems: ["older_than_latest"], key, address: "192.0.2.1" });
    const events = await listUploadEvents();
    expect(events.map((e) => e.outcome)).toEqual(["refused", "refused", "created"]);
    expect(events[2]).toEqual({
      id: expect.any(Number),
      at: "2026-01-01T00:00:00.000Z",
      outcome: "created",
      problems: [],
      ...key,
      address: "192.0.2.1",
      userAgent: "curl/8",
      bytes: 4321,
    });
    expect(events[1]?.userAgent).toHaveLength(1000);
    expect((await listUploadEvents({ address: "192.0.2.1" })).map((e) => e.problems)).toEqual([["older_than_latest"], []]);
    expect(await listUploadEvents({ since: new Date("2026-01-01T12:00:00Z"), address: "192.0.2.9" })).toHaveLength(1);
  });
});
