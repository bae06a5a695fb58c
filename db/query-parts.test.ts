import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, queryFingerprint } from "./cursor";
import { errorCode, wrapDbError } from "./errors";
import { escapeLike } from "./list-sql";
import { checkAppliedCount, checkJournalOrder, readJournal } from "./migrations";
import { MAX_SEARCH_TERMS, MAX_TERM_LENGTH, searchTerms, toTsQuery } from "./search";

describe("search terms", () => {
  it("cuts text into words on whitespace and ASCII punctuation, ANDed prefix terms", () => {
    expect(searchTerms("  Ubuntu 24.04\tjane.tester@example.org x86_64 ")).toEqual([
      "Ubuntu",
      "24",
      "04",
      "jane",
      "tester",
      "example",
      "org",
      "x86",
      "64",
    ]);
    expect(toTsQuery("Ubuntu server")).toBe("'Ubuntu':* & 'server':*");
    expect(toTsQuery("ünïcode  ☃")).toBe("'ünïcode':* & '☃':*");
  });

  it("leaves no tsquery operator, quote or backslash in a term", () => {
    const hostile = "a'b & c|d !e (f) <-> g:* h\\i 'j' \"k\" l\u0000m";
    for (const term of searchTerms(hostile)) expect(term).toMatch(/^[^'\\&|!():<>*"\s\u0000-\u001f-]+$/);
    expect(toTsQuery("!!! ''' :* &|")).toBeUndefined();
  });

  it("bounds the number and length of terms", () => {
    expect(searchTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toHaveLength(MAX_SEARCH_TERMS);
    expect(searchTerms("x".repeat(500))[0]).toHaveLength(MAX_TERM_LENGTH);
    expect(searchTerms("same Same same")).toEqual(["same", "Same"]);
  });
});

describe("escapeLike", () => {
  it("makes %, _ and the escape character literal", () => {
    expect(escapeLike("100%_a\\b")).toBe("100\\%\\_a\\\\b");
  });
});

describe("cursors", () => {
  const fingerprint = queryFingerprint({ filters: { status: "valid" }, sort: "created", order: "desc" });
  const position = { key: "2026-01-01 00:00:00+00", created: "2026-01-01 00:00:00+00", id: 42 };

  it("round-trip a position for the same query", () => {
    expect(decodeCursor(encodeCursor(fingerprint, position), fingerprint)).toEqual(position);
  });

  it("are bound to the query", () => {
    const other = queryFingerprint({ filters: { status: "expired" }, sort: "created", order: "desc" });
    expect(() => decodeCursor(encodeCursor(fingerprint, position), other)).toThrow(/belongs to another query/);
  });

  it("refuse anything altered or forged without the checksum, as a bad request", () => {
    const cursor = encodeCursor(fingerprint, position);
    const forged = Buffer.from(JSON.stringify({ v: 1, f: fingerprint, k: "x", c: "y", i: 1 })).toString("base64url");
    for (const bad of [`${cursor}x`, cursor.replace(".", ".x"), forged, `${forged}.0000000000000000`, "a.b.c", "%%%"]) {
      expect(() => decodeCursor(bad, fingerprint)).toThrow(AppError);
      try {
        decodeCursor(bad, fingerprint);
      } catch (error) {
        expect(error).toMatchObject({ code: "bad_request", status: 400 });
      }
    }
  });
});

describe("database errors", () => {
  it("become AppErrors without the driver's message", () => {
    const driver = Object.assign(
      new Error('duplicate key value violates unique constraint "entries_key_unique" in insert into entries ...'),
      { code: "23505" },
    );
    const wrapped = wrapDbError(new Error("Failed query: insert into entries ...", { cause: driver }), "storing an entry");
    expect(wrapped).toMatchObject({ code: "internal", message: "database error while storing an entry" });
    expect(wrapped.cause).toBeDefined();
    expect(errorCode(wrapped.cause)).toBe("23505");
  });

  it("report a server that cannot serve as unavailable, with a time to retry", () => {
    for (const code of ["57P01", "08006", "ECONNREFUSED"]) {
      expect(wrapDbError(Object.assign(new Error("x"), { code }), "listing entries")).toMatchObject({
        code: "unavailable",
        message: "the database is unavailable",
        details: { retryAfter: 5 },
      });
    }
    expect(wrapDbError(new Error("timeout exceeded when trying to connect"), "listing entries")).toMatchObject({ code: "unavailable" });
    expect(wrapDbError(Object.assign(new Error("x"), { code: "53300" }), "listing entries")).toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("busy"),
      details: { retryAfter: 2 },
    });
  });

  it("report a value PostgreSQL refuses (class 22) as the request's fault, without quoting it", () => {
    for (const code of ["22021", "22P05", "22003"]) {
      const error = wrapDbError(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code }), "listing entries");
      expect(error).toMatchObject({ code: "bad_request", status: 400 });
      expect(error.message).not.toMatch(/0x00|UTF8/);
    }
  });

  it("pass AppErrors through", () => {
    const error = new AppError("older_than_latest", "older than latest entry");
    expect(wrapDbError(error, "storing an entry")).toBe(error);
  });
});

describe("migrations", () => {
  it("are journaled in strictly increasing order, so none is skipped on an existing database", () => {
    const journal = readJournal();
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(() => checkJournalOrder(journal)).not.toThrow();
  });

  it("refuse a journal out of order and a database missing migrations", () => {
    const journal = {
      entries: [
        { idx: 0, when: 2, tag: "0000_a" },
        { idx: 1, when: 1, tag: "0001_b" },
      ],
    };
    expect(() => checkJournalOrder(journal)).toThrow(/0001_b is dated before 0000_a/);
    expect(() => checkAppliedCount(1, journal)).toThrow(/records 1 migrations but 2 exist/);
    expect(() => checkAppliedCount(2, journal)).not.toThrow();
  });
});
