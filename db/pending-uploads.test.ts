import { asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { inspectMetadata } from "@/lib/metadata/inspect";
import { createTestLeaf } from "@/lib/metadata/pki/testing/test-pki";
import {
  abortPending,
  addEndorserEmail,
  confirmPending,
  expireLapsedUploads,
  holdUpload,
  listCertificates,
  listEndorserEmails,
  listMyEntries,
  listPendingFor,
  pendingForAction,
  removeEndorserEmail,
  reportAbuse,
  storeEntry,
  verifyEndorserEmail,
  verifiedOwnerOf,
} from ".";
import { createUser } from "./users";
import { linkCertificatePem } from "./user-certificates";
import { auditLog, endorserKeys, entries, outbox, pendingUploads, uploadEvents } from "./schema";
import { signedUpload, signerFor, type Upload } from "./testing/signed-entries";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

const BASE = "https://marketplace.example.org/";
const inspect = (xml: Uint8Array) => inspectMetadata(xml, { include: { rdfJson: true } });

async function hold(upload: Upload, options: { uploader?: { userId: string; email: string }; reason?: "confirmation" | "new-key" } = {}) {
  await holdUpload({ ...upload, reason: options.reason ?? "confirmation", uploader: options.uploader, baseUrl: BASE, days: 7 });
  const mails = await t.db.select().from(outbox).where(eq(outbox.kind, "upload-confirmation"));
  const uuid = /action\/([0-9a-f-]{36})\/confirm\//.exec(mails.at(-1)!.text)![1]!;
  return uuid;
}

async function published(identifier: string): Promise<number> {
  return (await t.db.select().from(entries).where(eq(entries.identifier, identifier))).length;
}

describe("pending uploads", () => {
  it("holds an upload unpublished, mails its email the links, stores only the uuid's hash", async () => {
    const upload = await signedUpload({ image: "held", created: "2026-11-01T00:00:00Z", email: "carol@example.org" });
    const uuid = await hold(upload);
    expect(await published(upload.key.identifier)).toBe(0);
    const [mail] = await t.db.select().from(outbox);
    expect(mail).toMatchObject({ to: "carol@example.org", subject: "StratusLab Marketplace Message" });
    expect(mail!.text).toContain(`Confirm:  ${BASE}action/${uuid}/confirm/`);
    expect(mail!.text).toContain(`Abort:  ${BASE}action/${uuid}/abort/`);
    expect(mail!.text).toContain(`Abuse:  ${BASE}action/${uuid}/abuse/`);
    const rows = await t.db.select().from(pendingUploads);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(uuid);
    expect((await t.db.select().from(auditLog)).map((l) => l.action)).toEqual(["upload-pending"]);
    // The upload trail has the held attempt too.
    expect(await t.db.select().from(uploadEvents)).toEqual([
      expect.objectContaining({
        outcome: "pending",
        identifier: upload.key.identifier,
        email: "carol@example.org",
        size: upload.xml.byteLength,
      }),
    ]);
  });

  it("confirms once: publishes, then 410; unknown is 404", async () => {
    const upload = await signedUpload({ image: "confirm", created: "2026-11-01T00:00:00Z", email: "carol@example.org" });
    const uuid = await hold(upload);
    const result = await confirmPending(uuid, inspect, { address: "127.0.0.1" });
    expect(result.outcome).toBe("created");
    expect(await published(upload.key.identifier)).toBe(1);
    await expect(confirmPending(uuid, inspect)).rejects.toMatchObject({ status: 410, message: expect.stringContaining("already used") });
    await expect(abortPending(uuid)).rejects.toMatchObject({ status: 410 });
    await expect(pendingForAction("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404 });
    const actions = (await t.db.select().from(auditLog)).map((l) => l.action);
    expect(actions).toEqual(["upload-pending", "upload-confirmed"]);
    expect((await t.db.select().from(uploadEvents).orderBy(asc(uploadEvents.id))).map((e) => e.outcome)).toEqual(["pending", "created"]);
    expect((await t.db.select().from(pendingUploads))[0]!.status).toBe("confirmed");
  });

  it("aborts (discarded, nothing published) and expires (410, nothing published)", async () => {
    const a = await signedUpload({ image: "abort", created: "2026-11-01T00:00:00Z", email: "carol@example.org" });
    const b = await signedUpload({ image: "expire", created: "2026-11-01T00:00:00Z", email: "carol@example.org" });
    const abortUuid = await hold(a);
    const expireUuid = await hold(b);
    await abortPending(abortUuid);
    await expect(confirmPending(abortUuid, inspect)).rejects.toMatchObject({ status: 410 });
    await t.db
      .update(pendingUploads)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(pendingUploads.identifier, b.key.identifier));
    await expect(confirmPending(expireUuid, inspect)).rejects.toMatchObject({ status: 410, message: expect.stringContaining("expired") });
    expect(await published(a.key.identifier)).toBe(0);
    expect(await published(b.key.identifier)).toBe(0);
  });

  it("marks lapsed uploads expired with an audit line, once; their links still answer 410 expired", async () => {
    const lapsed = await signedUpload({ image: "lapsed", created: "2026-11-01T00:00:00Z", email: "carol@example.org" });
    const waiting = await signedUpload({ image: "waiting", created: "2026-11-01T00:00:00Z", email: "carol@example.org" });
    const lapsedUuid = await hold(lapsed);
    await hold(waiting);
    const expiredAt = new Date(Date.now() - 60_000);
    await t.db.update(pendingUploads).set({ expiresAt: expiredAt }).where(eq(pendingUploads.identifier, lapsed.key.identifier));

    expect(await expireLapsedUploads()).toBe(1);
    expect(await expireLapsedUploads()).toBe(0);
    const rows = await t.db.select().from(pendingUploads).orderBy(asc(pendingUploads.id));
    expect(rows.map((r) => [r.identifier, r.status])).toEqual([
      [lapsed.key.identifier, "expired"],
      [waiting.key.identifier, "pending"],
    ]);
    expect(rows[0]!.decidedAt).toEqual(expiredAt);
    const lines = await t.db.select().from(auditLog).where(eq(auditLog.action, "upload-expired"));
    expect(lines).toEqual([
      expect.objectContaining({ actorLabel: "system", target: `${lapsed.key.identifier} carol@example.org 2026-11-01T00:00:00Z` }),
    ]);
    await expect(confirmPending(lapsedUuid, inspect)).rejects.toMatchObject({
      status: 410,
      message: expect.stringContaining("expired on"),
    });
    expect(await published(lapsed.key.identifier)).toBe(0);
  });

  it("re-validates on confirmation: an entry older than the latest by then is refused and marked", async () => {
    const older = await signedUpload({ image: "race", created: "2026-11-01T00:00:00Z" });
    const newer = await signedUpload({ image: "race", created: "2026-11-02T00:00:00Z" });
    const uuid = await hold(older);
    await storeEntry(newer);
    await expect(confirmPending(uuid, inspect)).rejects.toMatchObject({ code: "older_than_latest" });
    expect((await t.db.select().from(pendingUploads))[0]!.status).toBe("refused");
    await expect(confirmPending(uuid, inspect)).rejects.toMatchObject({ status: 410 });
  });

  it("reports abuse to every admin and moderator", async () => {
    await createUser({ email: "admin@example.net", role: "admin" });
    await createUser({ email: "mod@example.net", role: "moderator" });
    await createUser({ email: "user@example.net" });
    const upload = await signedUpload({ image: "abuse", created: "2026-11-01T00:00:00Z", email: "carol@example.org" });
    const uuid = await hold(upload);
    expect((await reportAbuse(uuid)).notified).toBe(2);
    const abuse = (await t.db.select().from(outbox)).filter((m) => m.kind === "abuse-report").map((m) => m.to);
    expect(abuse.sort()).toEqual(["admin@example.net", "mod@example.net"]);
    expect(await published(upload.key.identifier)).toBe(0);
  });

  it("admits a new key on confirmation and links its certificate to the email's owner", async () => {
    const owner = await createUser({ email: "alice.account@example.net" });
    const alice = "alice@example.org";
    await storeEntry(await signedUpload({ image: "first", created: "2026-11-01T00:00:00Z", email: alice }));
    const laptop = await createTestLeaf({
      subject: "CN=Alice Laptop",
      email: alice,
      notBefore: new Date("2000-01-01"),
      notAfter: new Date("2040-01-01"),
    });
    const second = await signedUpload({ image: "second", created: "2026-11-02T00:00:00Z", email: alice }, laptop);
    await expect(storeEntry(second)).rejects.toMatchObject({ status: 403, details: { reason: "key_continuity" } });
    // The owner proves the email by the mailed link.
    let secret = "";
    await addEndorserEmail(owner.id, alice, (s) => ((secret = s), `${BASE}account/emails/verify?token=${s}`));
    await verifyEndorserEmail(secret);
    const uuid = await hold(second, { reason: "new-key" });
    await confirmPending(uuid, inspect);
    const keys = await t.db.select().from(endorserKeys).where(eq(endorserKeys.email, alice));
    expect(keys.map((k) => k.admittedBy).sort()).toEqual(["email-confirmed", "first-key"]);
    expect((await storeEntry(await signedUpload({ image: "third", created: "2026-11-03T00:00:00Z", email: alice }, laptop))).outcome).toBe(
      "created",
    );
    expect((await listCertificates(owner.id)).map((c) => [c.subject, c.source])).toEqual([[laptop.certificate.subject, "upload"]]);
  });

  it("shows pending uploads to their uploader and the email's owner, nobody else", async () => {
    const alice = await createUser({ email: "alice.account@example.net" });
    const bob = await createUser({ email: "bob@example.net" });
    let secret = "";
    await addEndorserEmail(alice.id, "alice@example.org", (s) => ((secret = s), s));
    await verifyEndorserEmail(secret);
    const forAlice = await signedUpload({ image: "for alice", created: "2026-11-01T00:00:00Z", email: "alice@example.org" });
    const byBob = await signedUpload({ image: "by bob", created: "2026-11-01T00:00:00Z", email: "carol@example.org" });
    await hold(forAlice);
    await hold(byBob, { uploader: { userId: bob.id, email: bob.email } });
    expect((await listPendingFor(alice.id)).map((p) => p.key.identifier)).toEqual([forAlice.key.identifier]);
    expect((await listPendingFor(bob.id)).map((p) => [p.key.identifier, p.uploadedByMe])).toEqual([[byBob.key.identifier, true]]);
    const carol = await createUser({ email: "carol.account@example.net" });
    expect(await listPendingFor(carol.id)).toEqual([]);
    // Published entries of one's verified emails.
    await storeEntry(await signedUpload({ image: "alice published", created: "2026-11-02T00:00:00Z", email: "alice@example.org" }));
    expect((await listMyEntries(alice.id)).map((e) => e.key.email)).toEqual(["alice@example.org"]);
    expect(await listMyEntries(bob.id)).toEqual([]);
  });
});

describe("endorser emails", () => {
  it("verifies by a one-time link; a second claimant gets 409; remove", async () => {
    const alice = await createUser({ email: "alice.account@example.net" });
    const mallory = await createUser({ email: "mallory@example.net" });
    const secrets: string[] = [];
    const url = (s: string) => (secrets.push(s), `${BASE}account/emails/verify?token=${s}`);
    expect(await addEndorserEmail(alice.id, " Alice@Example.org ", url)).toEqual({ sent: true });
    expect(await addEndorserEmail(mallory.id, "alice@example.org", url)).toEqual({ sent: true });
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, "alice@example.org"));
    expect(mail!.text).toContain(secrets[0]);
    expect((await listEndorserEmails(alice.id))[0]).toMatchObject({ email: "alice@example.org", verified: false });
    await verifyEndorserEmail(secrets[0]!);
    expect(await verifiedOwnerOf("alice@example.org")).toBe(alice.id);
    await expect(verifyEndorserEmail(secrets[0]!)).rejects.toMatchObject({ status: 410 });
    // Mallory's link no longer works, and claiming it again is a clear 409.
    await expect(verifyEndorserEmail(secrets[1]!)).rejects.toMatchObject({ status: 410 });
    await expect(addEndorserEmail(mallory.id, "alice@example.org", url)).rejects.toMatchObject({ status: 409 });
    await expect(verifyEndorserEmail("x".repeat(43))).rejects.toMatchObject({ status: 404 });
    await expect(addEndorserEmail(alice.id, "not an email", url)).rejects.toMatchObject({ status: 400 });
    await expect(removeEndorserEmail(mallory.id, "bob@example.org")).rejects.toMatchObject({ status: 404 });
    await removeEndorserEmail(alice.id, "alice@example.org");
    expect(await verifiedOwnerOf("alice@example.org")).toBeNull();
    const actions = (await t.db.select().from(auditLog)).map((l) => l.action);
    expect(actions).toEqual(["endorser-email-added", "endorser-email-added", "endorser-email-verified"]);
  });

  it("expires its link", async () => {
    const alice = await createUser({ email: "alice.account@example.net" });
    let secret = "";
    await addEndorserEmail(alice.id, "alice@example.org", (s) => ((secret = s), s));
    await t.db.execute(sql`update email_links set expires_at = now() - interval '1 second'`);
    await expect(verifyEndorserEmail(secret)).rejects.toMatchObject({ status: 410, message: expect.stringContaining("expired") });
  });
});

describe("certificates", () => {
  it("links a public PEM, refuses a private key or garbage", async () => {
    const alice = await createUser({ email: "alice.account@example.net" });
    const signer = await signerFor("alice@example.org");
    const linked = await linkCertificatePem(alice.id, `some text\n${signer.certPem}`);
    expect(linked).toMatchObject({ subject: signer.certificate.subject, source: "pem" });
    expect((await listCertificates(alice.id)).map((c) => c.fingerprint)).toEqual([linked.fingerprint]);
    await expect(linkCertificatePem(alice.id, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("private key"),
    });
    await expect(linkCertificatePem(alice.id, "hello")).rejects.toMatchObject({ status: 400 });
    const bob = await createUser({ email: "bob@example.net" });
    expect(await listCertificates(bob.id)).toEqual([]);
    expect((await t.db.select().from(auditLog)).map((l) => l.action)).toEqual(["certificate-linked"]);
  });
});
