/** Moderation, roles and endorser ownership in the data layer (issue 9, item 7), on both databases. */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY, type ListQuery } from "@/lib/entries/list-query";
import {
  createUser,
  endorserHistory,
  endorserTags,
  entriesForImage,
  entryHidden,
  facets,
  findByTag,
  getEntryXml,
  getUserById,
  hideEntry,
  listAbuseReports,
  listAudit,
  listEndorsers,
  listEntries,
  listUsers,
  ownsEndorserEmail,
  recordAudit,
  setUserRole,
  showEntry,
  storeEntry,
  streamEntrySummaries,
} from ".";
import { readDataVersion } from "./list-cache";
import { userEmails } from "./schema";
import { signedUpload, type Upload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

const EMAIL = "hidden.endorser@example.org";
const MODERATOR = { userId: "m-1", email: "mod@example.org" };

async function store(image: string, extra: { os?: string; tag?: string } = {}): Promise<Upload> {
  const upload = await signedUpload({ image, created: "2026-03-01T00:00:00Z", email: EMAIL, ...extra });
  await storeEntry(upload);
  return upload;
}

const query = (extra: Partial<ListQuery> = {}): ListQuery => ({ ...DEFAULT_LIST_QUERY, ...extra });

async function streamed(q: ListQuery): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of streamEntrySummaries(q)) keys.push(...batch.map((e) => e.identifier));
  return keys;
}

describe("hiding an entry", () => {
  it("takes it out of every listing, count, facet, search, tag, endorser and image lookup, and showing brings it back", async () => {
    const kept = await store("kept-image", { os: "Debian" });
    const hidden = await store("hidden-image", { os: "Plan9OS", tag: "secret-tag" });
    const visibleEverywhere = async (expected: boolean) => {
      const page = await listEntries(query());
      expect(page.items.map((e) => e.identifier).includes(hidden.key.identifier)).toBe(expected);
      expect(page.total).toBe(expected ? 2 : 1);
      expect((await listEntries(query({ status: undefined }))).total).toBe(expected ? 2 : 1);
      expect((await listEntries(query({ q: "Plan9OS" }))).total).toBe(expected ? 1 : 0);
      expect((await listEntries(query({ identifier: hidden.key.identifier }))).total).toBe(expected ? 1 : 0);
      expect((await listEntries(query({ created: hidden.key.created }))).total).toBe(expected ? 2 : 1);
      expect((await facets()).os.includes("Plan9OS")).toBe(expected);
      expect(await findByTag(EMAIL, "secret-tag")).toEqual(expected ? hidden.key : undefined);
      expect(await endorserTags(EMAIL)).toEqual(expected ? ["secret-tag"] : []);
      expect((await endorserHistory(EMAIL, "all")).length).toBe(expected ? 2 : 1);
      expect((await entriesForImage(hidden.key.identifier)).length).toBe(expected ? 1 : 0);
      expect((await streamed(query({ status: undefined }))).includes(hidden.key.identifier)).toBe(expected);
      expect((await entriesForImage(kept.key.identifier)).length).toBe(1);
      expect((await listEndorsers()).find((e) => e.email === EMAIL)?.entries).toBe(expected ? 2 : 1);
    };
    await visibleEverywhere(true);

    const before = await readDataVersion(t.db);
    const state = await hideEntry(hidden.key, "  malware in the image  ", MODERATOR, "127.0.0.1");
    expect(state).toMatchObject({ reason: "malware in the image", by: MODERATOR.email });
    expect(await readDataVersion(t.db)).toBeGreaterThan(before);
    expect(await entryHidden(hidden.key)).toMatchObject({ reason: "malware in the image" });
    await visibleEverywhere(false);
    // The signed bytes are kept exactly.
    expect(Buffer.from((await getEntryXml(hidden.key))!)).toEqual(hidden.xml);

    const [line] = await listAudit({ action: "entry-hidden" });
    expect(line).toMatchObject({
      actor: MODERATOR.email,
      actorUserId: MODERATOR.userId,
      target: `${hidden.key.identifier} ${EMAIL} ${hidden.key.created}`,
      address: "127.0.0.1",
      details: { reason: "malware in the image" },
    });

    await showEntry(hidden.key, MODERATOR);
    expect(await entryHidden(hidden.key)).toBeUndefined();
    await visibleEverywhere(true);
    expect((await listAudit({ action: "entry-shown" })).length).toBe(1);
  });

  it("takes an endorser whose every entry is hidden out of the endorser list, and brings it back", async () => {
    const only = await store("only-image");
    expect((await listEndorsers()).map((e) => e.email)).toEqual([EMAIL]);
    await hideEntry(only.key, "spam", MODERATOR);
    expect(await listEndorsers()).toEqual([]);
    await showEntry(only.key, MODERATOR);
    expect(await listEndorsers()).toEqual([expect.objectContaining({ email: EMAIL, entries: 1 })]);
  });

  it("requires a reason of 1 to 1000 characters, refuses hiding twice and showing a visible entry (409), and an unknown entry (404)", async () => {
    const upload = await store("reasons");
    await expect(hideEntry(upload.key, "   ", MODERATOR)).rejects.toMatchObject({ status: 400 });
    await expect(hideEntry(upload.key, "x".repeat(1001), MODERATOR)).rejects.toMatchObject({ status: 400 });
    await expect(showEntry(upload.key, MODERATOR)).rejects.toMatchObject({ status: 409 });
    await hideEntry(upload.key, "x".repeat(1000), MODERATOR);
    await expect(hideEntry(upload.key, "again", MODERATOR)).rejects.toMatchObject({ status: 409 });
    await expect(hideEntry({ ...upload.key, created: "2020-01-01T00:00:00Z" }, "r", MODERATOR)).rejects.toMatchObject({ status: 404 });
    expect((await listAudit({ action: "entry-hidden" })).length).toBe(1);
  });
});

describe("roles", () => {
  it("changes a role with its audit line and a new session version; the last admin cannot be demoted", async () => {
    const admin = await createUser({ email: "admin@example.org", role: "admin" });
    const user = await createUser({ email: "user@example.org" });
    const by = { userId: admin.id, email: admin.email };

    expect(await setUserRole(user.id, "moderator", by)).toMatchObject({ from: "user", to: "moderator", changed: true });
    const changed = await getUserById(user.id);
    expect(changed?.role).toBe("moderator");
    expect(changed?.sessionVersion).toBe(user.sessionVersion + 1);
    expect(await listAudit({ action: "role-changed" })).toEqual([
      expect.objectContaining({ actor: admin.email, targetUserId: user.id, details: { from: "user", to: "moderator" } }),
    ]);
    expect(await setUserRole(user.id, "moderator", by)).toMatchObject({ changed: false });

    await expect(setUserRole(admin.id, "user", by)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("last admin") });
    expect((await getUserById(admin.id))?.role).toBe("admin");
    await setUserRole(user.id, "admin", by);
    expect(await setUserRole(admin.id, "user", by)).toMatchObject({ changed: true });
    await expect(setUserRole("no-such-id", "user", by)).rejects.toMatchObject({ status: 404 });
  });

  it("lists accounts with their endorser emails, and knows who owns a verified email", async () => {
    const owner = await createUser({ email: "Owner@Example.org", verified: true });
    const other = await createUser({ email: "other@example.org" });
    await t.db.insert(userEmails).values([
      { userId: owner.id, email: EMAIL, verifiedAt: new Date() },
      { userId: other.id, email: "claimed@example.org" },
    ]);
    expect(await ownsEndorserEmail(owner.id, EMAIL.toUpperCase())).toBe(true);
    expect(await ownsEndorserEmail(other.id, EMAIL)).toBe(false);
    expect(await ownsEndorserEmail(other.id, "claimed@example.org")).toBe(false);
    await t.db.update(userEmails).set({ verifiedAt: null }).where(eq(userEmails.userId, owner.id));
    expect(await ownsEndorserEmail(owner.id, EMAIL)).toBe(false);

    const users = await listUsers();
    expect(users.map((u) => [u.email, u.role, u.verified, u.endorserEmails])).toEqual([
      ["owner@example.org", "user", true, [{ email: EMAIL, verified: false }]],
      ["other@example.org", "user", false, [{ email: "claimed@example.org", verified: false }]],
    ]);
  });
});

describe("the audit log's filters and abuse reports", () => {
  it("filters by action, actor (case-insensitive) and date; abuse reports come from the audit log", async () => {
    await recordAudit({ action: "abuse-report", actor: "visitor", target: "x" });
    await recordAudit({ action: "token-created", actor: { userId: "u", email: "someone@example.org" } });
    expect((await listAudit({ actor: "SOMEONE@example.org" })).map((l) => l.action)).toEqual(["token-created"]);
    expect((await listAudit({ since: new Date(Date.now() + 60_000) })).length).toBe(0);
    expect((await listAbuseReports()).reports.map((l) => l.target)).toEqual(["x"]);
  });
});
