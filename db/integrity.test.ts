/** The integrity monitor's data (db/integrity.ts): which entries are due, findings per location, the verdict, the listing filter. */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY } from "@/lib/entries/list-query";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { entriesDueForIntegrityCheck, entryIntegrityState, integrityRecipient, integrityTarget, recordIntegrityCheck } from "./integrity";
import { getEntry } from "./get-entry";
import { listEntries } from "./list-entries";
import { entries, jobs, userEmails, users } from "./schema";
import { storeEntry } from "./store-entry";
import { identifierOf, signedUpload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";
import { createUser } from "./users";

const t = setupTestDb();
beforeEach(() => t.reset());

const DAY = 86_400_000;
const now = new Date();
const at = (days: number) => formatMetadataDate(new Date(now.getTime() + days * DAY));
const A = "https://mirror.one.net/a.img";
const B = "https://mirror.two.net/a.img";

async function store(image: string, spec: { locations?: string[]; valid?: string; deprecated?: string; created?: string } = {}) {
  const key = (
    await storeEntry(
      await signedUpload({
        image,
        created: spec.created ?? at(-2),
        valid: spec.valid ?? at(30),
        locations: spec.locations ?? [A, B],
        deprecated: spec.deprecated,
      }),
    )
  ).key;
  const [row] = await t.db.select({ id: entries.id }).from(entries).where(eq(entries.identifier, key.identifier));
  return { key, id: row!.id };
}

describe("the integrity monitor's data", () => {
  it("queues the first check of a new entry with a web location, in the transaction that stores it", async () => {
    const { id } = await store("new");
    await store("pdisk only", { locations: ["pdisk:host:8445:uuid"] });
    const queued = await t.db.select({ kind: jobs.kind, payload: jobs.payload, uniqueKey: jobs.uniqueKey }).from(jobs);
    expect(queued.filter((job) => job.kind === "integrity-check")).toEqual([
      { kind: "integrity-check", payload: { entryId: id }, uniqueKey: `integrity-check:${id}:new` },
    ]);
  });

  it("finds current entries with a web location, never checked first, then the oldest check", async () => {
    const fresh = await store("fresh");
    const old = await store("old");
    const never = await store("never");
    await store("deprecated", { deprecated: "bad" });
    await store("expired", { valid: at(-1), created: at(-3) });
    await store("pdisk", { locations: ["pdisk:host:8445:uuid"] });
    const verified = [{ location: A, outcome: "verified" as const, detail: "ok" }];
    await recordIntegrityCheck(old.id, verified, new Date(now.getTime() - 3 * DAY));
    await recordIntegrityCheck(fresh.id, verified, now);
    const dayAgo = new Date(now.getTime() - DAY);
    expect(await entriesDueForIntegrityCheck(now, dayAgo, 10)).toEqual([never.id, old.id]);
    expect(await entriesDueForIntegrityCheck(now, dayAgo, 1)).toEqual([never.id]);
  });

  it("records each location's finding, the worst as the entry's verdict, and carries the start of a failure and the last verification", async () => {
    const { key, id } = await store("image");
    const first = new Date(now.getTime() - 2 * DAY);
    const second = new Date(now.getTime() - DAY);
    const one = await recordIntegrityCheck(
      id,
      [
        { location: A, outcome: "verified", detail: "ok", httpStatus: 200, bytes: "1048576" },
        { location: B, outcome: "verified", detail: "ok", httpStatus: 200, bytes: "1048576" },
      ],
      first,
    );
    expect(one).toMatchObject({ status: "verified", newFailures: [] });
    const two = await recordIntegrityCheck(
      id,
      [
        { location: A, outcome: "verified", detail: "ok", httpStatus: 200, bytes: "1048576" },
        { location: B, outcome: "unreachable", detail: "answered 404 Not Found", httpStatus: 404 },
      ],
      second,
    );
    expect(two.status).toBe("broken");
    expect(two.newFailures.map((check) => check.location)).toEqual([B]);
    // Still failing a day later: not a new failure, so the endorser is not told again.
    const three = await recordIntegrityCheck(
      id,
      [
        { location: A, outcome: "checksum-mismatch", detail: "its SHA-1 differs from the signed one", httpStatus: 200 },
        { location: B, outcome: "unreachable", detail: "answered 404 Not Found", httpStatus: 404 },
      ],
      now,
    );
    expect(three.status).toBe("mismatch");
    expect(three.newFailures.map((check) => check.location)).toEqual([A]);
    expect(three.failingSince.get(B)).toEqual(second);

    const detail = await getEntry(key);
    expect(detail?.integrity).toEqual({ status: "mismatch", checkedAt: now.toISOString() });
    expect(detail?.locationChecks).toEqual([
      {
        location: A,
        outcome: "checksum-mismatch",
        httpStatus: 200,
        detail: "its SHA-1 differs from the signed one",
        checkedAt: now.toISOString(),
        verifiedAt: second.toISOString(),
      },
      {
        location: B,
        outcome: "unreachable",
        httpStatus: 404,
        detail: "answered 404 Not Found",
        checkedAt: now.toISOString(),
        verifiedAt: first.toISOString(),
      },
    ]);
  });

  it("drops the rows of locations the entry no longer checks", async () => {
    const { key, id } = await store("image");
    await recordIntegrityCheck(
      id,
      [
        { location: A, outcome: "verified", detail: "ok" },
        { location: B, outcome: "verified", detail: "ok" },
      ],
      now,
    );
    await recordIntegrityCheck(id, [{ location: A, outcome: "verified", detail: "ok" }], now);
    expect((await getEntry(key))?.locationChecks.map((check) => check.location)).toEqual([A]);
  });

  it("filters the listing to verified or failing images, and the cached page sees a new verdict at once", async () => {
    const good = await store("good");
    const bad = await store("bad");
    await store("unchecked");
    const listed = async (integrity?: "verified" | "failing") =>
      (await listEntries({ ...DEFAULT_LIST_QUERY, integrity }, now)).items.map((item) => item.identifier).sort();
    expect(await listed("verified")).toEqual([]);
    await recordIntegrityCheck(good.id, [{ location: A, outcome: "verified", detail: "ok" }], now);
    await recordIntegrityCheck(bad.id, [{ location: A, outcome: "size-mismatch", detail: "short" }], now);
    expect(await listed("verified")).toEqual([identifierOf("good")]);
    expect(await listed("failing")).toEqual([identifierOf("bad")]);
    expect((await listed()).length).toBe(3);
    const page = await listEntries(DEFAULT_LIST_QUERY, now);
    expect(page.items.find((item) => item.identifier === identifierOf("good"))?.integrity).toEqual({
      status: "verified",
      checkedAt: now.toISOString(),
    });
    expect(page.items.find((item) => item.identifier === identifierOf("unchecked"))?.integrity).toBeUndefined();
  });

  it("says why an entry is not checked, and what a check needs of it", async () => {
    const current = await store("current");
    const gone = await store("gone", { deprecated: "withdrawn" });
    expect(await entryIntegrityState(current.key, now)).toEqual({ id: current.id, webLocations: 2 });
    expect(await entryIntegrityState(gone.key, now)).toMatchObject({ notCurrent: "deprecated" });
    expect(await entryIntegrityState({ ...current.key, created: "not a date" }, now)).toBeUndefined();
    const target = await integrityTarget(current.id, now);
    expect(target).toMatchObject({ current: true, webLocations: [A, B], bytes: "1048576" });
    expect(target?.checksums.map((c) => c.algorithm)).toEqual(["SHA-1"]);
    expect((await integrityTarget(gone.id, now))?.current).toBe(false);
  });

  it("tells the verified owner of the endorser email, unless they turned it off", async () => {
    const user = await createUser({ email: "jane@example.org", verified: true });
    expect(await integrityRecipient("jane.tester@example.org")).toBeUndefined();
    await t.db.insert(userEmails).values({ userId: user.id, email: "jane.tester@example.org", verifiedAt: new Date() });
    expect(await integrityRecipient("Jane.Tester@example.org")).toEqual({ userId: user.id, email: "jane.tester@example.org" });
    await t.db.update(users).set({ notifyIntegrity: false }).where(eq(users.id, user.id));
    expect(await integrityRecipient("jane.tester@example.org")).toBeUndefined();
  });
});
