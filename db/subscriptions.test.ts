/** Subscriptions' data (db/subscriptions.ts): owner-only, a cursor from the newest entry, new matches settled and in order. */
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { entries, subscriptions } from "./schema";
import { storeEntry } from "./store-entry";
import { createSubscription, deleteSubscription, deliveriesOf, listSubscriptions, newMatches, subscriptionById } from "./subscriptions";
import { identifierOf, signedUpload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";
import { createUser } from "./users";

const t = setupTestDb();
beforeEach(() => t.reset());

async function settled() {
  // The matches are entries stored some seconds ago (replication-feed.ts SETTLE_SECONDS): age them.
  await t.db.update(entries).set({ uploadedAt: sql`now() - interval '1 minute'` });
}

describe("subscriptions", () => {
  it("start after the newest entry, and find the later ones that match their search, oldest first", async () => {
    const jane = await createUser({ email: "jane@example.org", verified: true });
    await storeEntry(await signedUpload({ image: "before", created: "2026-01-01T00:00:00Z", os: "Debian" }));
    const made = await createSubscription(jane.id, { name: "Debian", query: "os=Debian", channel: "email" });
    await storeEntry(await signedUpload({ image: "after", created: "2026-01-01T00:00:00Z", os: "Debian" }));
    await storeEntry(await signedUpload({ image: "other", created: "2026-01-01T00:00:00Z", os: "Ubuntu" }));
    const row = (await subscriptionById(made.id))!;
    expect(await newMatches(row, 10)).toEqual([]);
    await settled();
    expect((await newMatches(row, 10)).map((entry) => entry.identifier)).toEqual([identifierOf("after")]);
  });

  it("belong to their owner only", async () => {
    const jane = await createUser({ email: "jane@example.org", verified: true });
    const bob = await createUser({ email: "bob@example.org", verified: true });
    const made = await createSubscription(jane.id, {
      name: "all",
      query: "",
      channel: "webhook",
      webhookUrl: "https://hooks.example.net/x",
    });
    expect(made.secret).toMatch(/^[\w-]{43}$/);
    expect(await listSubscriptions(bob.id)).toEqual([]);
    expect(await deliveriesOf(bob.id, made.id)).toBeUndefined();
    expect(await deleteSubscription(bob.id, made.id)).toBe(false);
    expect(await deleteSubscription(jane.id, made.id)).toBe(true);
  });

  it("notify of nothing when a saved query no longer parses, without failing", async () => {
    const jane = await createUser({ email: "jane@example.org", verified: true });
    const made = await createSubscription(jane.id, { name: "old", query: "os=Debian", channel: "email" });
    await t.db.update(subscriptions).set({ query: "retiredFilter=x" }).where(eq(subscriptions.id, made.id));
    await storeEntry(await signedUpload({ image: "after", created: "2026-01-01T00:00:00Z", os: "Debian" }));
    await settled();
    expect(await newMatches((await subscriptionById(made.id))!, 10)).toEqual([]);
  });
});
