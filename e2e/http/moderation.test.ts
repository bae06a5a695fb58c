/**
 * Moderation, administration and deprecation from the web, against a production server (issue 9,
 * items 6, 7 and 10): a hidden entry answers 410 with its reason in the original API, the JSON API and
 * the page, and leaves the listings until it is shown again; every write route refuses a visitor (401)
 * and the wrong role (403), server actions posted directly included; the audit log exports as CSV with
 * its cells escaped; an endorser's prepared deprecation, signed as the CLI signs, publishes a deprecated
 * entry. Accounts and API tokens are made in the database before the server starts (one process per
 * PGlite data directory).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDb } from "@/db/client";
import { openPglite, openPostgres, type DbHandle } from "@/db/open";
import { createApiToken } from "@/db/api-tokens";
import { recordAudit } from "@/db/audit";
import { userEmails } from "@/db/schema";
import { createUser } from "@/db/users";
import { createTestDatabaseUrl, dropTestDatabase } from "@/db/testing/postgres-database";
import { JANE_EMAIL, signerFor } from "@/db/testing/signed-entries";
import { credentialsOf } from "@/lib/metadata/__tests__/signing-helpers";
import { inspectMetadata } from "@/lib/metadata/inspect";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { entryPath } from "@/lib/entries/entry-urls";
import type { EntryKey } from "@/lib/entries/types";
import { request, uploadXml, type Reply } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { copyPgliteTemplate } from "./pglite-template";
import { signedDocument } from "./signed-documents";

const REASON = "Ships a cryptominer, see ticket #42";
const FORMULA = '=HYPERLINK("http://evil.example","click")';

let server: MarketplaceServer;
let removeDatabase: () => Promise<void> = async () => {};
const tokens: Record<"admin" | "moderator" | "user" | "endorser", string> = { admin: "", moderator: "", user: "", endorser: "" };
const ids: Record<string, string> = {};
let hiddenKey: EntryKey;
let deprecatedKey: EntryKey;

async function openDatabase(): Promise<{ handle: DbHandle; start: () => Promise<MarketplaceServer> }> {
  if (process.env.TEST_DATABASE === "postgres") {
    const url = await createTestDatabaseUrl();
    removeDatabase = () => dropTestDatabase(url);
    return { handle: await openPostgres(url, { max: 2 }), start: () => startMarketplace({ DATABASE_URL: url }) };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-moderation-"));
  copyPgliteTemplate(dataDir);
  removeDatabase = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  return { handle: await openPglite(dataDir), start: () => startMarketplace({}, { dataDir }) };
}

beforeAll(async () => {
  const { handle, start } = await openDatabase();
  installDb(handle);
  try {
    for (const role of ["admin", "moderator", "user"] as const) {
      const user = await createUser({ email: `${role}@example.org`, password: "a long enough password", role, verified: true });
      ids[role] = user.id;
      tokens[role] = (await createApiToken(user.id, "tests", null)).token;
    }
    const endorser = await createUser({ email: "jane.account@example.org", verified: true });
    ids.endorser = endorser.id;
    tokens.endorser = (await createApiToken(endorser.id, "tests", null)).token;
    await handle.db.insert(userEmails).values({ userId: endorser.id, email: JANE_EMAIL, verifiedAt: new Date() });
    await recordAudit({ action: "abuse-report", actor: "visitor", target: FORMULA, details: { note: 'say "hi", then\nleave' } });
  } finally {
    installDb(undefined);
    await handle.close();
  }
  server = await start();
  const hidden = await signedDocument({
    image: "moderated-image",
    created: "2026-03-01T00:00:00Z",
    tag: "moderated-tag",
    title: "Moderated",
  });
  const deprecated = await signedDocument({ image: "to-deprecate", created: "2026-03-01T00:00:00Z", title: "To deprecate" });
  for (const document of [hidden, deprecated]) expect((await uploadXml(server.url, document)).status).toBe(201);
  hiddenKey = { identifier: (await inspectMetadata(hidden)).entry!.identifier, email: JANE_EMAIL, created: "2026-03-01T00:00:00Z" };
  deprecatedKey = { identifier: (await inspectMetadata(deprecated)).entry!.identifier, email: JANE_EMAIL, created: "2026-03-01T00:00:00Z" };
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await removeDatabase();
});

const bearer = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });
const json = (who: keyof typeof tokens | undefined, method: string, body?: unknown): RequestInit => ({
  method,
  headers: { ...(who ? bearer(who) : {}), "Content-Type": "application/json", Accept: "application/json" },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const api = (key: EntryKey, rest = "") => `${server.url}/api/v1/entries${entryPath(key).replace(/^\/metadata/, "")}${rest}`;
const listed = async (key: EntryKey): Promise<boolean> =>
  JSON.parse((await request(`${server.url}/api/v1/entries?identifier=${key.identifier}&status=all`)).text).total === 1;

function errorCode(reply: Reply): string | undefined {
  try {
    return JSON.parse(reply.text).error?.code;
  } catch {
    return undefined;
  }
}

describe("hiding and showing an entry", () => {
  it("answers 410 with the reason everywhere, leaves the listings, and comes back when shown", async () => {
    expect(await listed(hiddenKey)).toBe(true);
    const hide = await request(api(hiddenKey, "/hidden"), json("moderator", "PUT", { reason: REASON }));
    expect(hide.status).toBe(200);
    expect(JSON.parse(hide.text)).toMatchObject({ hidden: true, reason: REASON, by: "moderator@example.org" });

    const original = await request(`${server.url}${entryPath(hiddenKey)}`, { headers: { Accept: "application/xml" } });
    expect(original.status).toBe(410);
    expect(original.text).toContain(REASON);
    const detail = await request(api(hiddenKey), { headers: { Accept: "application/json" } });
    expect(detail.status).toBe(410);
    expect(JSON.parse(detail.text).error).toMatchObject({ code: "gone", message: expect.stringContaining(REASON) });
    expect((await request(api(hiddenKey, "/xml"))).status).toBe(410);
    const page = await request(`${server.url}${entryPath(hiddenKey)}`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(410);
    expect(page.text).toContain("Ships a cryptominer");
    expect(page.text).not.toContain("Moderated</");
    expect(await listed(hiddenKey)).toBe(false);
    expect((await request(`${server.url}/metadata/${JANE_EMAIL}?tag=moderated-tag`)).status).toBe(404);
    const xmlList = await request(`${server.url}/metadata?status=all`, { headers: { Accept: "application/xml" } });
    expect(xmlList.text).not.toContain(hiddenKey.identifier);

    expect((await request(api(hiddenKey, "/hidden"), json("moderator", "DELETE"))).status).toBe(204);
    expect((await request(api(hiddenKey))).status).toBe(200);
    expect((await request(`${server.url}${entryPath(hiddenKey)}`, { headers: { Accept: "text/html" } })).status).toBe(200);
    expect(await listed(hiddenKey)).toBe(true);

    const audit = JSON.parse((await request(`${server.url}/api/v1/audit?actor=moderator@example.org`, json("admin", "GET"))).text);
    expect(audit.items.map((line: { action: string }) => line.action)).toEqual(["entry-shown", "entry-hidden"]);
  });
});

describe("authorisation of every write route", () => {
  it("refuses visitors with 401 and the wrong role with 403, and a cross-site post", async () => {
    const cases: Array<[string, string, RequestInit, number]> = [
      ["hide, visitor", api(hiddenKey, "/hidden"), json(undefined, "PUT", { reason: "x" }), 401],
      ["hide, user", api(hiddenKey, "/hidden"), json("user", "PUT", { reason: "x" }), 403],
      ["show, visitor", api(hiddenKey, "/hidden"), json(undefined, "DELETE"), 401],
      ["show, user", api(hiddenKey, "/hidden"), json("user", "DELETE"), 403],
      ["role, visitor", `${server.url}/api/v1/users/${ids.user}`, json(undefined, "PATCH", { role: "admin" }), 401],
      ["role, user", `${server.url}/api/v1/users/${ids.user}`, json("user", "PATCH", { role: "admin" }), 403],
      ["role, moderator", `${server.url}/api/v1/users/${ids.user}`, json("moderator", "PATCH", { role: "admin" }), 403],
      ["users, visitor", `${server.url}/api/v1/users`, json(undefined, "GET"), 401],
      ["users, moderator", `${server.url}/api/v1/users`, json("moderator", "GET"), 403],
      ["audit, visitor", `${server.url}/api/v1/audit`, json(undefined, "GET"), 401],
      ["audit, user", `${server.url}/api/v1/audit`, json("user", "GET"), 403],
      ["audit csv, user", `${server.url}/api/v1/audit?format=csv`, json("user", "GET"), 403],
      ["revision, visitor", api(deprecatedKey, "/revision"), json(undefined, "POST", { action: "deprecate", reason: "r" }), 401],
      ["revision, not the endorser", api(deprecatedKey, "/revision"), json("moderator", "POST", { action: "deprecate", reason: "r" }), 403],
      [
        "revision, bad token",
        api(deprecatedKey, "/revision"),
        { ...json(undefined, "POST", {}), headers: { Authorization: "Bearer mkt_nope" } },
        401,
      ],
    ];
    for (const [name, url, init, status] of cases) {
      const reply = await request(url, init);
      expect([name, reply.status, errorCode(reply)]).toEqual([name, status, status === 401 ? "unauthorized" : "forbidden"]);
    }
    const crossSite = await request(api(hiddenKey, "/hidden"), {
      ...json("moderator", "PUT", { reason: "x" }),
      headers: {
        ...bearer("moderator"),
        "Content-Type": "application/json",
        Origin: "https://evil.example",
        "Sec-Fetch-Site": "cross-site",
      },
    });
    expect(crossSite.status).toBe(403);
    expect(await listed(hiddenKey)).toBe(true);
  });

  it("validates bodies: no reason, an unknown role, a replacement that is not an identifier", async () => {
    expect((await request(api(hiddenKey, "/hidden"), json("moderator", "PUT", { reason: "   " }))).status).toBe(400);
    expect((await request(api(hiddenKey, "/hidden"), json("moderator", "PUT", { reason: "x".repeat(1001) }))).status).toBe(400);
    expect((await request(`${server.url}/api/v1/users/${ids.user}`, json("admin", "PATCH", { role: "root" }))).status).toBe(400);
    const revision = await request(
      api(deprecatedKey, "/revision"),
      json("endorser", "POST", { action: "deprecate", reason: "r", replacedBy: "../x" }),
    );
    expect([revision.status, JSON.parse(revision.text).error.message]).toEqual([400, expect.stringContaining("identifier")]);
    expect((await request(`${server.url}/api/v1/audit?action=nope`, json("admin", "GET"))).status).toBe(400);
  });

  it("refuses every server action that needs an account when a visitor posts it directly: 401, and nothing changes", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { workers: Record<string, unknown>; exportedName?: string }>;
    };
    // A visitor's own actions; every other one needs an account.
    const PUBLIC = [
      "signInAction",
      "signUpAction",
      "requestResetAction",
      "resetPasswordAction",
      "resendVerificationAction",
      "oidcSignInAction",
    ];
    const actions = Object.entries(manifest.node);
    expect(actions.length).toBeGreaterThanOrEqual(15);
    const checked: string[] = [];
    for (const [actionId, action] of actions) {
      // What React sends for `action(previousState, formData)`: the arguments as a reply, the form's fields prefixed by its id.
      const form = new FormData();
      form.set("0", JSON.stringify(["$undefined", "$K1"]));
      for (const [field, value] of Object.entries({
        identifier: hiddenKey.identifier,
        email: hiddenKey.email,
        created: hiddenKey.created,
        reason: "posted directly",
        fingerprint: "00",
        id: "00",
        userId: ids.user ?? "",
        role: "admin",
        name: "direct",
      }))
        form.set(`1_${field}`, value);
      const reply = await request(`${server.url}${pageOf(Object.keys(action.workers))}`, {
        method: "POST",
        headers: { "Next-Action": actionId, Accept: "text/x-component", Origin: server.url },
        body: form,
      });
      const name = action.exportedName?.startsWith("$$")
        ? `${Object.keys(action.workers)[0]} ${action.exportedName}`
        : (action.exportedName ?? actionId);
      checked.push(name);
      if (PUBLIC.includes(action.exportedName ?? "")) expect([name, reply.status < 500]).toEqual([name, true]);
      else expect([name, reply.status]).toEqual([name, 401]);
      if (["hideAction", "showAction"].includes(name)) expect(reply.text).toContain("sign in first");
    }
    // The account pages' own forms are among them (the endorser emails and certificates were once plain redirects to /sign-in).
    expect(checked).toEqual(
      expect.arrayContaining([
        "addEmailAction",
        "removeEmailAction",
        "linkCertificateAction",
        "unlinkCertificateAction",
        "changeRoleAction",
      ]),
    );
    expect(await listed(hiddenKey)).toBe(true);
  });

  /** A page that carries the action: one without path parameters where there is one, else the entry page. */
  function pageOf(workers: string[]): string {
    const plain = workers.find((worker) => !worker.includes("[") && !worker.includes("_not-found"));
    if (plain) return plain.replace(/^app/, "").replace(/\/page$/, "") || "/";
    if (workers.some((worker) => worker.includes("metadata/[a]/[b]/[c]/page"))) return entryPath(hiddenKey);
    throw new Error(`no page to post to for ${workers.join(", ")}`);
  }
});

describe("accounts and roles", () => {
  it("lists accounts for admins, changes a role (the new moderator may hide), and never demotes the last admin", async () => {
    const users = JSON.parse((await request(`${server.url}/api/v1/users`, json("admin", "GET"))).text);
    const endorser = users.items.find((u: { email: string }) => u.email === "jane.account@example.org");
    expect(endorser).toMatchObject({ role: "user", verified: true, endorserEmails: [{ email: JANE_EMAIL, verified: true }] });

    const promote = await request(`${server.url}/api/v1/users/${ids.user}`, json("admin", "PATCH", { role: "moderator" }));
    expect([promote.status, JSON.parse(promote.text)]).toEqual([
      200,
      expect.objectContaining({ from: "user", to: "moderator", changed: true }),
    ]);
    expect((await request(api(hiddenKey, "/hidden"), json("user", "PUT", { reason: "by the new moderator" }))).status).toBe(200);
    expect((await request(api(hiddenKey, "/hidden"), json("user", "DELETE"))).status).toBe(204);
    expect((await request(`${server.url}/api/v1/users/${ids.user}`, json("admin", "PATCH", { role: "user" }))).status).toBe(200);

    const demote = await request(`${server.url}/api/v1/users/${ids.admin}`, json("admin", "PATCH", { role: "user" }));
    expect([demote.status, errorCode(demote)]).toEqual([409, "conflict"]);
    expect((await request(`${server.url}/api/v1/users/no-such-account`, json("admin", "PATCH", { role: "user" }))).status).toBe(404);
  });
});

describe("the audit log's CSV export", () => {
  it("escapes quotes, line breaks and formulas; answers CSV for format=csv and for Accept: text/csv", async () => {
    const byFormat = await request(`${server.url}/api/v1/audit?format=csv&action=abuse-report`, json("admin", "GET"));
    const byAccept = await request(`${server.url}/api/v1/audit?action=abuse-report`, {
      headers: { ...bearer("admin"), Accept: "text/csv" },
    });
    for (const reply of [byFormat, byAccept]) {
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(reply.headers.get("content-disposition")).toContain("audit-log.csv");
      const [header, row] = reply.text.split("\r\n");
      expect(header).toBe("id,at,action,actor,actor_user_id,target_user_id,target,address,details");
      expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      expect(row).toContain('"{""note"":""say \\""hi\\"", then\\nleave""}"');
    }
    const page = await request(`${server.url}/api/v1/audit?limit=1`, json("admin", "GET"));
    expect(JSON.parse(page.text)).toMatchObject({ items: [expect.any(Object)], nextBefore: expect.any(Number) });
  });
});

describe("deprecation and validity from the web", () => {
  it("prepares the unsigned deprecation for the endorser; signed as the CLI signs and uploaded, the entry lists as deprecated", async () => {
    const replacement = hiddenKey.identifier;
    const reply = await request(
      api(deprecatedKey, "/revision"),
      json("endorser", "POST", { action: "deprecate", reason: "Superseded by the 2027 build", replacedBy: replacement }),
    );
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-disposition")).toContain(`${deprecatedKey.identifier}-deprecated-unsigned.xml`);
    const unsigned = await inspectMetadata(reply.text);
    expect(unsigned.entry?.deprecated).toBe("Superseded by the 2027 build");
    expect(unsigned.entry?.isReplacedBy).toBe(replacement);
    expect(unsigned.entry!.endorsement.created > deprecatedKey.created).toBe(true);
    expect(reply.text).not.toContain("Signature");

    const signed = signMetadata(reply.text, credentialsOf(await signerFor(JANE_EMAIL)));
    expect((await uploadXml(server.url, signed)).status).toBe(201);
    const deprecatedList = JSON.parse(
      (await request(`${server.url}/api/v1/entries?status=deprecated&identifier=${deprecatedKey.identifier}`)).text,
    );
    expect(deprecatedList.items).toEqual([
      expect.objectContaining({ identifier: deprecatedKey.identifier, deprecated: "Superseded by the 2027 build" }),
    ]);
    const newest = deprecatedList.items[0] as EntryKey;
    const page = await request(`${server.url}${entryPath(newest)}`, { headers: { Accept: "text/html" } });
    expect(page.text).toContain("deprecated-banner");
    expect(page.text).toContain("replaced-by");
  });

  it("prepares a new validity from a preset or a date (the form's urlencoded body too)", async () => {
    const preset = await request(api(hiddenKey, "/revision"), json("endorser", "POST", { action: "valid", months: "12" }));
    expect(preset.status).toBe(200);
    const valid = (await inspectMetadata(preset.text)).entry?.valid;
    expect(Date.parse(valid!) - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);
    const form = await request(api(hiddenKey, "/revision"), {
      method: "POST",
      headers: { ...bearer("endorser"), "Content-Type": "application/x-www-form-urlencoded" },
      body: "action=valid&months=3&until=2031-05-06",
    });
    expect((await inspectMetadata(form.text)).entry?.valid).toBe("2031-05-06T23:59:59Z");
    const past = await request(api(hiddenKey, "/revision"), json("endorser", "POST", { action: "valid", until: "2020-01-01" }));
    expect(past.status).toBe(400);
  });
});
