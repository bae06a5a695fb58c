import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY, type ListQuery } from "@/lib/entries/list-query";
import { listEntries, storeEntry } from ".";
import { bumpDataVersion } from "./store-entry";
import { signedUpload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

const query = (overrides: Partial<ListQuery> = {}): ListQuery => ({ ...DEFAULT_LIST_QUERY, ...overrides });
const totals = async (at: string, overrides: Partial<ListQuery> = {}) => {
  const page = await listEntries(query(overrides), new Date(at));
  return [page.total, page.totalUnfiltered, page.items.length];
};

describe("cached counts", () => {
  it("follow every stored entry, for the same time", async () => {
    await storeEntry(await signedUpload({ image: "c1", created: "2026-01-01T00:00:00Z", os: "Ubuntu" }));
    expect(await totals("2026-06-01T00:00:00Z", { os: "ubuntu" })).toEqual([1, 1, 1]);
    await storeEntry(await signedUpload({ image: "c2", created: "2026-01-02T00:00:00Z", os: "Ubuntu" }));
    expect(await totals("2026-06-01T00:00:00Z", { os: "ubuntu" })).toEqual([2, 2, 2]);
    await storeEntry(await signedUpload({ image: "c3", created: "2026-01-03T00:00:00Z", os: "Debian" }));
    expect(await totals("2026-06-01T00:00:00Z", { os: "ubuntu" })).toEqual([2, 3, 2]);
  });

  it("change when the time passes a validity date, and back", async () => {
    await storeEntry(await signedUpload({ image: "v1", created: "2026-01-01T00:00:00Z", valid: "2026-07-01T00:00:00Z" }));
    await storeEntry(await signedUpload({ image: "v2", created: "2026-01-01T00:00:00Z", valid: "2026-08-01T00:00:00Z" }));
    expect(await totals("2026-06-01T00:00:00Z")).toEqual([2, 2, 2]);
    expect(await totals("2026-06-30T23:59:59Z")).toEqual([2, 2, 2]);
    // Valid means strictly later than now; expired strictly earlier.
    expect(await totals("2026-07-01T00:00:00Z")).toEqual([1, 1, 1]);
    expect(await totals("2026-07-01T00:00:00Z", { status: "expired" })).toEqual([0, 0, 0]);
    expect(await totals("2026-07-01T00:00:01Z", { status: "expired" })).toEqual([1, 1, 1]);
    expect(await totals("2026-09-01T00:00:00Z")).toEqual([0, 0, 0]);
    expect(await totals("2026-06-15T00:00:00Z")).toEqual([2, 2, 2]);
    expect(await totals("2026-09-01T00:00:00Z", { status: "expired" })).toEqual([2, 2, 2]);
  });

  it("follow a change made elsewhere that grows the data version (another server on the same PostgreSQL)", async () => {
    await storeEntry(await signedUpload({ image: "x1", created: "2026-01-01T00:00:00Z" }));
    expect(await totals("2026-06-01T00:00:00Z")).toEqual([1, 1, 1]);
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`update entries set deprecated = 'withdrawn'`);
      await bumpDataVersion(tx);
    });
    expect(await totals("2026-06-01T00:00:00Z")).toEqual([0, 0, 0]);
    expect(await totals("2026-06-01T00:00:00Z", { status: "deprecated" })).toEqual([1, 1, 1]);
  });
});
