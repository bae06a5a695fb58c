/**
 * Email confirmation of uploads (issue 9, item 4; reference section 4.5) against a production server
 * with UPLOAD_CONFIRMATION=on and no SMTP: a proven upload (the Bearer token of the account owning the
 * verified endorser email) is published at once; an unproven one answers 202 with the original's body,
 * is not listed, and its endorser email gets the original's message, read here from the outbox table
 * (the server is stopped to read it: PGlite allows one process per data directory). Its links: a GET
 * changes nothing; the POST of confirm publishes, abort discards, abuse mails the admins; a used link
 * is 410, an unknown one 404, an expired one 410. Pending uploads are seen by their uploader and the
 * email's owner only. A key new to an email waits for the email's confirmation also with confirmation
 * off, and confirming admits the key.
 */
import { createHash, randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle } from "@/db/open";
import { apiTokens, auditLog, outbox, pendingUploads, userEmails, users } from "@/db/schema";
import { createTestLeaf } from "@/lib/metadata/pki/testing/test-pki";
import { request, uploadXml } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import { type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const ALICE = "alice@example.org";
const CAROL = "carol@example.org";
const VALIDITY = { notBefore: new Date("2000-01-01T00:00:00Z"), notAfter: new Date("2040-01-01T00:00:00Z") };

function identifierOf(xml: string): string {
  return /<dcterms:identifier>([^<]+)/.exec(xml)![1]!;
}

/** An account with an API token, written straight into the database before the server starts. */
async function account(handle: DbHandle, email: string, role: "user" | "admin" = "user"): Promise<{ id: string; token: string }> {
  const [user] = await handle.db.insert(users).values({ email, role, emailVerified: new Date() }).returning({ id: users.id });
  const token = `mkt_${randomBytes(32).toString("base64url")}`;
  await handle.db.insert(apiTokens).values({
    userId: user!.id,
    name: "test",
    tokenHash: createHash("sha256").update(token).digest("hex"),
    prefix: token.slice(0, 10),
  });
  return { id: user!.id, token };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function listed(server: MarketplaceServer, identifier: string) {
  return request(`${server.url}/api/v1/entries?identifier=${encodeURIComponent(identifier)}&status=all`).then((r) =>
    (JSON.parse(r.text) as { items: Array<{ identifier: string }> }).items.some((e) => e.identifier === identifier),
  );
}

/** A dry run of the upload on the JSON API (200 whatever it says). */
async function dryRun(xml: string, headers: Record<string, string> = {}): Promise<{ valid: boolean; outcome: string; message: string }> {
  const reply = await request(`${server!.url}/api/v1/entries?dryRun=true`, {
    method: "POST",
    headers: { "Content-Type": "application/xml", Accept: "application/json", ...headers },
    body: xml,
  });
  expect(reply.status, reply.text).toBe(200);
  return JSON.parse(reply.text) as { valid: boolean; outcome: string; message: string };
}

let database: FreshDatabase;
let server: MarketplaceServer | undefined;
let alice: { id: string; token: string };
let bob: { id: string; token: string };
const docs: Record<string, string> = {};
/** The confirmation links mailed, by document name. */
const links: Record<string, string> = {};

beforeAll(async () => {
  const newKey = await createTestLeaf({ subject: "CN=Alice Laptop, O=Elsewhere", email: ALICE, ...VALIDITY });
  const at = (day: number) => `2026-11-${String(day).padStart(2, "0")}T00:00:00Z`;
  docs.proven = await signedDocument({ image: "alice proven", created: at(1), email: ALICE, title: "Proven at once" });
  docs.confirmMe = await signedDocument({ image: "carol confirm", created: at(2), email: CAROL, title: "Confirm me" });
  docs.abortMe = await signedDocument({ image: "carol abort", created: at(3), email: CAROL, title: "Abort me" });
  docs.expireMe = await signedDocument({ image: "carol expire", created: at(4), email: CAROL, title: "Expire me" });
  docs.abuseMe = await signedDocument({ image: "carol abuse", created: at(5), email: CAROL, title: "Abuse me" });
  docs.newKey = await signedDocument({ image: "alice laptop", created: at(6), signer: newKey, title: "New key" });
  docs.newKeyAgain = await signedDocument({ image: "alice laptop two", created: at(7), signer: newKey, title: "New key again" });
  database = await freshDatabase();
  await database.use(async (handle) => {
    alice = await account(handle, "alice.account@example.net");
    bob = await account(handle, "bob@example.net");
    await account(handle, "admin@example.net", "admin");
    await handle.db.insert(userEmails).values({ userId: alice.id, email: ALICE, verifiedAt: new Date() });
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
});

describe("email confirmation of uploads (UPLOAD_CONFIRMATION=on)", () => {
  it("says in a dry run what an upload would do: published at once when proven, else wait for the mail; it stores and mails nothing", async () => {
    server = await database.start({ UPLOAD_CONFIRMATION: "on" });
    expect(await dryRun(docs.proven!, bearer(alice.token))).toMatchObject({ valid: true, outcome: "would-create" });
    expect(await dryRun(docs.proven!)).toMatchObject({
      valid: true,
      outcome: "would-wait",
      message: expect.stringContaining("confirms it"),
    });
    expect(await dryRun(docs.confirmMe!, bearer(bob.token))).toMatchObject({ valid: true, outcome: "would-wait" });
    // The original endpoint says the same, in its words.
    const original = await request(`${server.url}/metadata?dryRun=true`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: docs.proven!,
    });
    expect([original.status, original.text]).toEqual([200, expect.stringContaining("would wait until its endorser email confirms it")]);
    expect(await listed(server, identifierOf(docs.proven!))).toBe(false);
    expect(JSON.parse((await request(`${server.url}/api/v1/pending`, { headers: bearer(bob.token) })).text).items).toEqual([]);
  });

  it("publishes a proven upload at once and holds the others pending, unlisted, with the mail queued", async () => {
    server ??= await database.start({ UPLOAD_CONFIRMATION: "on" });
    const proven = await uploadXml(server.url, docs.proven!, bearer(alice.token));
    expect(proven.status, proven.text).toBe(201);
    expect(await listed(server, identifierOf(docs.proven!))).toBe(true);
    // Now that a key has published for alice's email, another is new to it: hers to admit with her token; anyone else's upload of it waits, for the key.
    expect(await dryRun(docs.newKey!, bearer(alice.token))).toMatchObject({ valid: true, outcome: "would-create" });
    expect(await dryRun(docs.newKey!)).toMatchObject({
      valid: true,
      outcome: "would-wait",
      message: expect.stringContaining("never published"),
    });

    const visitor = await uploadXml(server.url, docs.confirmMe!);
    expect(visitor.status, visitor.text).toBe(202);
    expect(visitor.text).toBe("confirmation email sent for new metadata entry\n");
    expect(visitor.headers.get("location")).toBeNull();

    const api = await request(`${server.url}/api/v1/entries`, {
      method: "POST",
      headers: { "Content-Type": "application/xml", Accept: "application/json", ...bearer(bob.token) },
      body: docs.abortMe!,
    });
    expect(api.status, api.text).toBe(202);
    expect(JSON.parse(api.text)).toMatchObject({
      outcome: "pending",
      message: "confirmation email sent for new metadata entry",
      pending: { reason: "confirmation" },
    });

    for (const name of ["expireMe", "abuseMe"]) expect((await uploadXml(server.url, docs[name]!)).status, name).toBe(202);
    // A key new to alice's email, uploaded without her token: pending too, for the key.
    const newKey = await uploadXml(server.url, docs.newKey!);
    expect(newKey.status, newKey.text).toBe(202);

    for (const name of ["confirmMe", "abortMe", "expireMe", "abuseMe", "newKey"])
      expect(await listed(server, identifierOf(docs[name]!)), name).toBe(false);
  });

  it("shows pending uploads to their uploader and the email's owner only, and to no visitor", async () => {
    const visitor = await request(`${server!.url}/api/v1/pending`);
    expect(visitor.status).toBe(401);
    const ofBob = JSON.parse((await request(`${server!.url}/api/v1/pending`, { headers: bearer(bob.token) })).text);
    expect(ofBob.items.map((p: { key: { identifier: string } }) => p.key.identifier)).toEqual([identifierOf(docs.abortMe!)]);
    const ofAlice = JSON.parse((await request(`${server!.url}/api/v1/pending`, { headers: bearer(alice.token) })).text);
    // Not bob's upload, not carol's: only the one for alice's verified email.
    expect(ofAlice.items.map((p: { key: { identifier: string }; reason: string }) => [p.key.identifier, p.reason])).toEqual([
      [identifierOf(docs.newKey!), "new-key"],
    ]);
    const badToken = await request(`${server!.url}/api/v1/pending`, { headers: bearer("mkt_nope") });
    expect(badToken.status).toBe(401);
  });

  it("mails the endorser email the original's message with confirm / abort / abuse links", async () => {
    await server!.stop();
    server = undefined;
    await database.use(async ({ db }) => {
      const mails = await db.select().from(outbox).orderBy(asc(outbox.id));
      const confirmations = mails.filter((m) => m.kind === "upload-confirmation");
      expect(confirmations.map((m) => m.to)).toEqual([CAROL, CAROL, CAROL, CAROL, ALICE]);
      const names = ["confirmMe", "abortMe", "expireMe", "abuseMe", "newKey"];
      confirmations.forEach((mail, i) => {
        expect(mail.subject).toBe("StratusLab Marketplace Message");
        expect(mail.text).toContain(`A new metadata entry for image ID ${identifierOf(docs[names[i]!]!)},`);
        const uuid = /action\/([0-9a-f-]{36})\/confirm\//.exec(mail.text)![1]!;
        expect(mail.text).toContain(`/action/${uuid}/abort/`);
        expect(mail.text).toContain(`/action/${uuid}/abuse/`);
        links[names[i]!] = uuid;
      });
      // Only the uuid's SHA-256 is stored.
      const rows = await db.select().from(pendingUploads);
      expect(rows.some((r) => r.actionHash === links.confirmMe)).toBe(false);
      const expireHash = createHash("sha256").update(links.expireMe!).digest("hex");
      await db
        .update(pendingUploads)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(pendingUploads.actionHash, expireHash));
    });
  });
});

describe("the confirmation links (and a new key with UPLOAD_CONFIRMATION=off)", () => {
  const action = (uuid: string, command: string, method = "GET", slash = "/") =>
    request(`${server!.url}/action/${uuid}/${command}${slash}`, { method, headers: { Accept: "text/plain" } });

  it("shows a page with a button on GET and publishes nothing", async () => {
    server = await database.start({ UPLOAD_CONFIRMATION: "off" });
    const page = await request(`${server.url}/action/${links.confirmMe}/confirm/`, { headers: { Accept: "text/html" } });
    expect(page.status, page.text).toBe(200);
    expect(page.text).toMatch(
      /<form method="post" action="[^"]*\/action\/[0-9a-f-]{36}\/confirm"?[^>]*><button type="submit">Confirm and publish<\/button>/,
    );
    expect(page.text).toContain(identifierOf(docs.confirmMe!));
    expect(await listed(server, identifierOf(docs.confirmMe!))).toBe(false);
  });

  it("confirm publishes (re-validated), abort discards, abuse reports; each link works once", async () => {
    const confirmed = await action(links.confirmMe!, "confirm", "POST");
    expect(confirmed.status, confirmed.text).toBe(201);
    expect(confirmed.text).toBe("metadata entry created\n");
    expect(await listed(server!, identifierOf(docs.confirmMe!))).toBe(true);

    const aborted = await action(links.abortMe!, "abort", "POST", "");
    expect(aborted.status, aborted.text).toBe(200);
    expect(aborted.text).toContain("aborted addition of metadata entry");
    expect(await listed(server!, identifierOf(docs.abortMe!))).toBe(false);

    const abuse = await action(links.abuseMe!, "abuse", "POST");
    expect(abuse.status, abuse.text).toBe(200);
    expect(abuse.text).toBe("administrators have been notified of the problem and may contact you during the investigation\n");
    expect(await listed(server!, identifierOf(docs.abuseMe!))).toBe(false);

    for (const [name, command] of [
      ["confirmMe", "confirm"],
      ["confirmMe", "abort"],
      ["abortMe", "confirm"],
      ["abuseMe", "confirm"],
    ] as const) {
      const again = await action(links[name]!, command, "POST");
      expect(again.status, `${name} ${command}: ${again.text}`).toBe(410);
      expect(again.text, name).toMatch(/already used/);
      expect((await action(links[name]!, command)).status, `GET ${name}`).toBe(410);
    }
    const bobsList = JSON.parse((await request(`${server!.url}/api/v1/pending`, { headers: bearer(bob.token) })).text);
    expect(bobsList.items).toEqual([]);
  });

  it("answers 404 for an unknown link and 410 for an expired one", async () => {
    const unknown = await action("00000000-0000-4000-8000-000000000000", "confirm", "POST");
    expect(unknown.status).toBe(404);
    expect((await action("not-a-uuid", "confirm")).status).toBe(404);
    expect((await action(links.confirmMe!, "delete")).status).toBe(404);
    const expired = await action(links.expireMe!, "confirm", "POST");
    expect(expired.status, expired.text).toBe(410);
    expect(expired.text).toMatch(/expired/);
    expect(await listed(server!, identifierOf(docs.expireMe!))).toBe(false);
  });

  it("holds a key new to an email even with confirmation off; confirming admits the key", async () => {
    const confirmed = await action(links.newKey!, "confirm", "POST");
    expect(confirmed.status, confirmed.text).toBe(201);
    expect(await listed(server!, identifierOf(docs.newKey!))).toBe(true);
    const again = await uploadXml(server!.url, docs.newKeyAgain!);
    expect(again.status, again.text).toBe(201);
  });

  it("wrote the audit lines and mailed the admin about the abuse", async () => {
    await server!.stop();
    server = undefined;
    await database.use(async ({ db }) => {
      const lines = await db.select().from(auditLog).orderBy(asc(auditLog.id));
      const actions = lines.map((l) => l.action);
      expect(actions.filter((a) => a === "upload-pending")).toHaveLength(5);
      expect(actions).toContain("upload");
      expect(actions.filter((a) => a === "upload-confirmed")).toHaveLength(2);
      expect(actions).toContain("upload-aborted");
      expect(actions).toContain("abuse-report");
      expect(actions).toContain("certificate-linked");
      const provenLine = lines.find((l) => l.action === "upload" && l.target?.startsWith(identifierOf(docs.proven!)));
      expect(provenLine).toMatchObject({ actorUserId: alice.id, targetUserId: alice.id });
      const abuseMail = (await db.select().from(outbox)).filter((m) => m.kind === "abuse-report");
      expect(abuseMail.map((m) => m.to)).toEqual(["admin@example.net"]);
    });
  });
});
