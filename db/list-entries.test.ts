import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY, SORT_FIELDS, type ListQuery } from "@/lib/entries/list-query";
import type { EntrySummary } from "@/lib/entries/types";
import { AppError } from "@/lib/errors";
import { listEntries, storeEntry, streamEntryDocuments, streamEntrySummaries, type DocumentPiece } from ".";
import { identifierOf, signedUpload, type EntrySpec, type Upload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";

setupTestDb();

const NOW = new Date("2026-06-01T00:00:00Z");
const BOB = "bob@example.org";

/** Statuses at NOW: valid A D F G H, expired B, deprecated C, E has no validity (never listed). */
const SPECS: Record<string, EntrySpec> = {
  oldA: { image: "alpha", created: "2025-12-01T00:00:00Z", valid: "2027-01-01T00:00:00Z", title: "Alpha old" },
  A: {
    image: "alpha",
    created: "2026-01-10T00:00:00Z",
    valid: "2027-01-01T00:00:00Z",
    title: "Alpha web server",
    os: "Ubuntu",
    osVersion: "24.04",
    tag: "web",
  },
  B: {
    image: "beta",
    created: "2026-02-10T00:00:00Z",
    valid: "2026-03-01T00:00:00Z",
    title: "Beta database",
    os: "Debian",
    osVersion: "12",
    locations: ["http://ftp.example.org/beta.img"],
  },
  C: {
    image: "gamma",
    created: "2026-03-10T00:00:00Z",
    valid: "2027-01-01T00:00:00Z",
    title: "Gamma",
    os: "CentOS",
    osVersion: "7",
    deprecated: "replaced by delta",
  },
  D: {
    image: "delta",
    created: "2026-04-10T00:00:00Z",
    valid: "2027-02-01T00:00:00Z",
    title: "Delta",
    os: "ubuntu",
    osVersion: "22.04",
    arch: "i686",
    kind: "disk",
    locations: ["pdisk:marketplace.example.org:8445:delta"],
  },
  E: { image: "epsilon", created: "2026-05-10T00:00:00Z", valid: null, title: "Epsilon", os: "Sci_Linux" },
  F: {
    image: "zeta",
    created: "2026-05-11T00:00:00Z",
    email: BOB,
    title: "Zeta",
    os: "SciXLinux",
    osVersion: "7.9",
    locations: [],
    description: "grid appliance with zebra tools",
  },
  G: {
    image: "eta",
    created: "2026-05-12T00:00:00Z",
    email: BOB,
    title: "Eta",
    os: "Sci_Linux",
    osVersion: "7.9",
    tag: "web",
    locations: ["https://images.example.org/eta.img", "pdisk:marketplace.example.org:8445:eta"],
  },
  H: { image: "alpha", created: "2026-01-05T00:00:00Z", email: BOB, title: "alpha by bob" },
};
const uploads: Record<string, Upload> = {};

beforeAll(async () => {
  for (const [name, spec] of Object.entries(SPECS)) uploads[name] = await signedUpload(spec);
  for (const upload of Object.values(uploads)) await storeEntry(upload);
});

function query(overrides: Partial<ListQuery> = {}): ListQuery {
  return { ...DEFAULT_LIST_QUERY, pageSize: 100, ...overrides };
}

/** The test names of the listed entries, in order. */
async function names(overrides: Partial<ListQuery> = {}): Promise<string[]> {
  return nameOf((await listEntries(query(overrides), NOW)).items);
}

function nameOf(items: EntrySummary[]): string[] {
  return items.map((item) => {
    const found = Object.entries(uploads).find(
      ([, u]) => u.key.identifier === item.identifier && u.key.email === item.email && u.key.created === item.created,
    );
    if (!found) throw new Error(`unknown entry ${JSON.stringify(item)}`);
    return found[0];
  });
}

describe("listEntries: what is listed", () => {
  it("lists the latest valid entries, newest first, with both totals", async () => {
    const page = await listEntries(query(), NOW);
    expect(nameOf(page.items)).toEqual(["G", "F", "D", "A", "H"]);
    expect(page).toMatchObject({ total: 5, totalUnfiltered: 5, page: 1, pageSize: 100 });
    expect(page.nextCursor).toBeUndefined();
  });

  it("maps an entry to the shared summary shape", async () => {
    const page = await listEntries(query({ identifier: identifierOf("delta") }), NOW);
    expect(page.items).toEqual([
      {
        identifier: identifierOf("delta"),
        email: "jane.tester@example.org",
        created: "2026-04-10T00:00:00Z",
        title: "Delta",
        os: "ubuntu",
        osVersion: "22.04",
        osArch: "i686",
        kind: "disk",
        valid: "2027-02-01T00:00:00Z",
        status: "valid",
        locations: ["pdisk:marketplace.example.org:8445:delta"],
        bytes: "1048576",
        endorserName: "Jane Tester",
        trust: "unknown-ca",
        certificateFingerprint: uploads.D!.inspection.signature!.certificate.fingerprintSha256,
        latest: true,
      },
    ]);
  });

  it("filters by status: expired, deprecated, or none; never entries without validity", async () => {
    expect(await names({ status: "expired" })).toEqual(["B"]);
    expect(await names({ status: "deprecated" })).toEqual(["C"]);
    expect(await names({ status: undefined })).toEqual(["G", "F", "D", "C", "B", "A", "H"]);
    const expired = await listEntries(query({ status: "expired" }), NOW);
    expect([expired.total, expired.totalUnfiltered]).toEqual([1, 1]);
    expect((await listEntries(query({ status: "deprecated" }), NOW)).items[0]).toMatchObject({
      status: "deprecated",
      deprecated: "replaced by delta",
    });
  });

  it("computes the status against the given time", async () => {
    expect(nameOf((await listEntries(query({ status: "expired" }), new Date("2027-01-15T00:00:00Z"))).items)).toEqual(["B", "A"]);
    expect(nameOf((await listEntries(query(), new Date("2026-02-20T00:00:00Z"))).items)).toEqual(["G", "F", "D", "B", "A", "H"]);
  });

  it("filters by location: web (an http or https location, never none) and pdisk", async () => {
    expect(await names({ location: "web" })).toEqual(["G", "A", "H"]);
    expect(await names({ location: "pdisk" })).toEqual(["G", "D"]);
    expect(await names({ location: "web", status: "expired" })).toEqual(["B"]);
  });

  it("filters exactly by identifier, email, tag", async () => {
    expect(await names({ identifier: identifierOf("alpha") })).toEqual(["A", "H"]);
    expect(await names({ email: BOB })).toEqual(["G", "F", "H"]);
    expect(await names({ email: "BOB@example.org" })).toEqual([]);
    expect(await names({ tag: "web" })).toEqual(["G", "A"]);
    expect(await names({ identifier: identifierOf("alpha"), email: BOB })).toEqual(["H"]);
  });

  it("lists every entry, not only the latest, for a created filter", async () => {
    expect(await names({ created: SPECS.oldA!.created })).toEqual(["oldA"]);
    const page = await listEntries(query({ created: SPECS.oldA!.created }), NOW);
    expect(page.items[0]?.latest).toBe(false);
    expect([page.total, page.totalUnfiltered]).toEqual([1, 5]);
    expect(await names({ created: "2026-02-30T00:00:00Z" })).toEqual([]);
  });

  it("filters facets exactly but case-insensitively", async () => {
    expect(await names({ os: "UBUNTU" })).toEqual(["D", "A", "H"]);
    expect(await names({ osVersion: "24.04" })).toEqual(["A", "H"]);
    expect(await names({ arch: "I686" })).toEqual(["D"]);
    expect(await names({ kind: "Disk" })).toEqual(["D"]);
    expect(await names({ os: "ubunt" })).toEqual([]);
    const page = await listEntries(query({ os: "ubuntu" }), NOW);
    expect([page.total, page.totalUnfiltered]).toEqual([3, 5]);
  });

  it("filters by case-insensitive substrings, % and _ taken literally", async () => {
    expect(await names({ contains: { os: "UBU" } })).toEqual(["D", "A", "H"]);
    expect(await names({ contains: { os: "i_l" } })).toEqual(["G"]);
    expect(await names({ contains: { os: "%" } })).toEqual([]);
    expect(await names({ contains: { email: "BOB" } })).toEqual(["G", "F", "H"]);
    expect(await names({ contains: { osVersion: "7.", arch: "86_" } })).toEqual(["G", "F"]);
    expect(await names({ contains: { kind: "isk" } })).toEqual(["D"]);
  });

  it("searches full text: words ANDed, prefixes, every listed field", async () => {
    expect(await names({ q: "zebra" })).toEqual(["F"]);
    expect(await names({ q: "zeb" })).toEqual(["F"]);
    expect(await names({ q: "ALPHA server" })).toEqual(["A"]);
    expect(await names({ q: "alpha nothing" })).toEqual([]);
    expect(await names({ q: "bob@example" })).toEqual(["G", "F", "H"]);
    expect(await names({ q: identifierOf("delta") })).toEqual(["D"]);
    expect(await names({ q: "marketplace.example.org 8445" })).toEqual(["G", "D"]);
    expect(await names({ q: "sci_linux" })).toEqual(["G"]);
    expect(await names({ q: "web" })).toEqual(["G", "A"]);
    expect(await names({ q: "jane tester" })).toEqual(["D", "A"]);
  });

  it("never lets search text act as tsquery syntax", async () => {
    for (const q of ["alpha & !server", "a' | b:* & !(", "\\", "'':*", "(zebra", "zebra:*A|", "!!!", "    "]) {
      await expect(listEntries(query({ q }), NOW)).resolves.toBeDefined();
    }
    expect(await names({ q: "alpha & !server" })).toEqual(["A"]);
    expect(await names({ q: "!!!" })).toEqual(["G", "F", "D", "A", "H"]);
  });
});

describe("listEntries: order and pages", () => {
  const expectedOrder: Record<(typeof SORT_FIELDS)[number], string[]> = {
    created: ["H", "A", "D", "F", "G"],
    // Ties (same key) go by created, then id, in the same direction.
    title: ["H", "A", "D", "G", "F"],
    os: ["G", "F", "H", "A", "D"],
    osVersion: ["D", "H", "A", "F", "G"],
    arch: ["D", "H", "A", "F", "G"],
    endorser: ["H", "F", "G", "A", "D"],
    kind: ["D", "H", "A", "F", "G"],
    identifier: [] as string[],
  };
  expectedOrder.identifier = ["A", "D", "G", "H", "F"]
    .map((n) => ({ n, id: uploads[n]?.key.identifier ?? identifierOf(SPECS[n]!.image), created: SPECS[n]!.created }))
    .sort((a, b) => (a.id === b.id ? a.created.localeCompare(b.created) : a.id < b.id ? -1 : 1))
    .map((x) => x.n);

  for (const sort of SORT_FIELDS) {
    it(`sorts by ${sort}, both ways`, async () => {
      const ascending = await names({ sort, order: "asc" });
      expect(ascending).toEqual(expectedOrder[sort]);
      expect(await names({ sort, order: "desc" })).toEqual([...ascending].reverse());
    });
  }

  it("pages by number", async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => listEntries(query({ pageSize: 2, page }), NOW)));
    expect(pages.map((p) => nameOf(p.items))).toEqual([["G", "F"], ["D", "A"], ["H"], []]);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4]);
    expect(pages.map((p) => p.nextCursor !== undefined)).toEqual([true, true, false, false]);
  });

  for (const [sort, order] of [
    ["created", "desc"],
    ["title", "asc"],
    ["os", "desc"],
    ["endorser", "asc"],
    ["identifier", "desc"],
  ] as const) {
    it(`pages by cursor through everything, sorted by ${sort} ${order}`, async () => {
      const all = await names({ sort, order, status: undefined });
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        // With a cursor the page number is ignored.
        const page = await listEntries(query({ sort, order, status: undefined, pageSize: 2, cursor, page: cursor ? 99 : 1 }), NOW);
        seen.push(...nameOf(page.items));
        expect(page.total).toBe(7);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(all);
    });
  }

  it("refuses a tampered, malformed or foreign cursor with a 400", async () => {
    const first = await listEntries(query({ pageSize: 2 }), NOW);
    const cursor = first.nextCursor!;
    const [payload, sum] = cursor.split(".") as [string, string];
    const edited = JSON.parse(Buffer.from(payload, "base64url").toString());
    edited.i = 1;
    const tampered = [
      `${Buffer.from(JSON.stringify(edited)).toString("base64url")}.${sum}`,
      `${payload.slice(0, -2)}.${sum}`,
      `${payload}.${sum.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`,
      "garbage",
      "",
      "....",
    ];
    for (const bad of tampered) {
      const error = await listEntries(query({ pageSize: 2, cursor: bad || "x" }), NOW).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "bad_request", message: "invalid cursor: it is malformed or was altered" });
    }
    const foreign = await listEntries(query({ pageSize: 2, os: "ubuntu", cursor }), NOW).catch((e: unknown) => e);
    expect(foreign).toMatchObject({ code: "bad_request", message: expect.stringContaining("belongs to another query") });
    const otherSort = await listEntries(query({ pageSize: 2, sort: "title", cursor }), NOW).catch((e: unknown) => e);
    expect(otherSort).toMatchObject({ code: "bad_request" });
    // The page size may change between pages.
    expect(nameOf((await listEntries(query({ pageSize: 3, cursor }), NOW)).items)).toEqual(["D", "A", "H"]);
  });
});

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

/** The streamed pieces put back together, one Buffer per document. */
async function documents(stream: AsyncIterable<DocumentPiece>): Promise<Buffer[]> {
  const out: Buffer[][] = [];
  for await (const piece of stream) {
    if (piece.first || out.length === 0) out.push([]);
    out[out.length - 1]!.push(Buffer.from(piece.bytes));
  }
  return out.map((parts) => Buffer.concat(parts));
}

describe("streamEntryDocuments, paged", () => {
  it("returns one page of stored bytes exactly, in the query's order, whatever the piece size", async () => {
    for (const chunkBytes of [100, 1_000_000]) {
      const page2 = await documents(streamEntryDocuments(query({ pageSize: 2, page: 2 }), { now: NOW, paged: true, chunkBytes }));
      expect(page2, `pieces of ${chunkBytes}`).toEqual(["D", "A"].map((n) => Buffer.from(uploads[n]!.xml)));
    }
    expect(await collect(streamEntryDocuments(query({ email: "nobody@example.org" }), { now: NOW, paged: true }))).toEqual([]);
  });

  it("reads a document larger than a piece in pieces, no larger than asked", async () => {
    const pieces = await collect(streamEntryDocuments(query({ pageSize: 1 }), { now: NOW, paged: true, batchBytes: 1, chunkBytes: 100 }));
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.map((p) => p.first)).toEqual(pieces.map((_, i) => i === 0));
    expect(pieces.every((p) => p.bytes.byteLength <= 100)).toBe(true);
  });
});

describe("streamEntryDocuments and streamEntrySummaries", () => {
  it("walk every match exactly once, in the query's order, whatever the batch sizes", async () => {
    const expected = ["G", "F", "D", "A", "H"].map((n) => uploads[n]!.xml);
    for (const batchRows of [1, 2, 3, 200]) {
      for (const batchBytes of [1, 10_000, 10_000_000]) {
        for (const chunkBytes of [997, 1_000_000]) {
          const streamed = await documents(streamEntryDocuments(query({ pageSize: 2 }), { now: NOW, batchRows, batchBytes, chunkBytes }));
          expect(streamed, `${batchRows} rows, ${batchBytes} bytes, pieces of ${chunkBytes}`).toEqual(expected.map((x) => Buffer.from(x)));
        }
      }
    }
    for (const sort of SORT_FIELDS) {
      for (const order of ["asc", "desc"] as const) {
        const page = await listEntries(query({ sort, order, pageSize: 100 }), NOW);
        const streamed = (await collect(streamEntrySummaries(query({ sort, order }), { now: NOW, batchRows: 2 }))).flat();
        expect(
          streamed.map((e) => e.identifier + e.email),
          `${sort} ${order}`,
        ).toEqual(page.items.map((e) => e.identifier + e.email));
      }
    }
  });

  it("read the next batch only when asked (backpressure), and nothing for no match", async () => {
    const stream = streamEntryDocuments(query({}), { now: NOW, batchRows: 1, batchBytes: 1 });
    expect((await stream.next()).done).toBe(false);
    await stream.return(undefined);
    expect(await collect(streamEntryDocuments(query({ email: "nobody@example.org" }), { now: NOW }))).toEqual([]);
  });
});
