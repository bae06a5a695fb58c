/** Who the reminders go to (db/reminders.ts): owners of verified endorser emails with the setting on, latest valid entries. */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { currentEntriesByEndorser, expiringCertificates, expiringEntriesByEndorser } from "./reminders";
import { userCertificates, userEmails, users } from "./schema";
import { storeEntry } from "./store-entry";
import { identifierOf, signedUpload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";
import { createUser } from "./users";

const t = setupTestDb();
beforeEach(() => t.reset());

const DAY = 86_400_000;
const now = new Date();
const at = (days: number) => formatMetadataDate(new Date(now.getTime() + days * DAY));

async function store(image: string, email: string, spec: { valid: string; created?: string; deprecated?: string }) {
  await storeEntry(await signedUpload({ image, email, created: spec.created ?? at(-2), valid: spec.valid, deprecated: spec.deprecated }));
  return identifierOf(image);
}

async function endorser(account: string, email: string, verified = true) {
  const user = await createUser({ email: account, verified: true });
  await t.db.insert(userEmails).values({ userId: user.id, email, verifiedAt: verified ? new Date() : null });
  return user;
}

describe("expiringEntriesByEndorser", () => {
  it("lists latest, undeprecated entries expiring within the days, for verified owners with notifyExpiry on", async () => {
    const jane = await endorser("jane@example.org", "jane.tester@example.org");
    const soon = await store("soon", "Jane.Tester@example.org", { valid: at(1) });
    await store("later", "jane.tester@example.org", { valid: at(10) });
    await store("past", "jane.tester@example.org", { valid: at(-1) });
    await store("deprecated", "jane.tester@example.org", { valid: at(1), deprecated: "old" });
    // An older entry of an identifier whose newest is not expiring: not latest, not listed.
    await store("renewed", "jane.tester@example.org", { valid: at(1), created: at(-3) });
    await store("renewed", "jane.tester@example.org", { valid: at(30), created: at(-1) });
    await endorser("carol@example.org", "carol@example.org", false);
    await store("carol", "carol@example.org", { valid: at(1) });
    const bob = await endorser("bob@example.org", "bob.endorser@example.org");
    await store("bob", "bob.endorser@example.org", { valid: at(2) });

    const found = await expiringEntriesByEndorser(now, 3);
    expect(found.map((r) => [r.userId, r.email, r.entries.map((e) => e.identifier)])).toEqual([
      [bob.id, "bob.endorser@example.org", [identifierOf("bob")]],
      [jane.id, "jane.tester@example.org", [soon]],
    ]);

    await t.db.update(users).set({ notifyExpiry: false }).where(eq(users.id, bob.id));
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, jane.id));
    expect(await expiringEntriesByEndorser(now, 3)).toEqual([]);
  });
});

describe("currentEntriesByEndorser", () => {
  it("lists every valid entry, with notifyEndorsement on", async () => {
    const jane = await endorser("jane@example.org", "jane.tester@example.org");
    const a = await store("a", "jane.tester@example.org", { valid: at(1) });
    const b = await store("b", "jane.tester@example.org", { valid: at(100) });
    await store("expired", "jane.tester@example.org", { valid: at(-1) });
    const [reminder, ...rest] = await currentEntriesByEndorser(now);
    expect(rest).toEqual([]);
    expect(reminder!.entries.map((e) => e.identifier)).toEqual([a, b]);
    expect(reminder!.name).toBeTruthy();
    await t.db.update(users).set({ notifyEndorsement: false }).where(eq(users.id, jane.id));
    expect(await currentEntriesByEndorser(now)).toEqual([]);
  });
});

describe("expiringCertificates", () => {
  it("lists linked certificates expiring within the days, to the account's address, with notifyCertificate on", async () => {
    const jane = await createUser({ email: "jane@example.org" });
    const cert = (fingerprint: string, days: number) => ({
      userId: jane.id,
      fingerprint,
      pem: "-",
      subject: "CN=Jane",
      issuer: "CN=CA",
      notAfter: new Date(now.getTime() + days * DAY),
      publicKeySha256: fingerprint,
      source: "pem" as const,
    });
    await t.db.insert(userCertificates).values([cert("a", 5), cert("b", 60), cert("c", -1)]);
    expect((await expiringCertificates(now, 30)).map((c) => [c.email, c.fingerprint])).toEqual([["jane@example.org", "a"]]);
    await t.db.update(users).set({ notifyCertificate: false }).where(eq(users.id, jane.id));
    expect(await expiringCertificates(now, 30)).toEqual([]);
  });
});
