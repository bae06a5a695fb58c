/**
 * Accounts over HTTP against a production server (issue 9, items 1 and 10): sign-up through the
 * page's form (a server action posted without JavaScript), the verification link read from the
 * outbox, sign-in through next-auth's Credentials callback (a cookie), the account page; reused and
 * unknown links, weak passwords, invalid emails, oversize forms, brute force, the session version,
 * the first admin, the generated AUTH_SECRET and the refusal to start without one.
 *
 * PGlite allows one process per data directory, so the outbox is read while the server is stopped.
 */
import fs from "node:fs";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, users } from "@/db/schema";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";

const POSTGRES = process.env.TEST_DATABASE === "postgres";
/** The tests that restart the server (to read the outbox of PGlite, or to change the environment) take longer than most. */
const RESTARTING = 240_000;
const ADMIN = { ADMIN_EMAIL: "Root@Example.org", ADMIN_PASSWORD: "the operator's long phrase" };

/** A browser's cookie jar, reduced to what these tests need. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1);
      if (value === "" || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  copy(): Jar {
    const jar = new Jar();
    for (const [name, value] of this.cookies) jar.cookies.set(name, value);
    return jar;
  }
}

async function get(server: MarketplaceServer, pathname: string, jar?: Jar): Promise<Response> {
  const response = await fetch(`${server.url}${pathname}`, { redirect: "manual", headers: jar ? { cookie: jar.header() } : {} });
  jar?.take(response);
  return response;
}

function unescapeHtml(text: string): string {
  return text.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/**
 * Submits a page's form as a browser without JavaScript does: every hidden input of the first form
 * that has `marker` in it (React's action fields included) plus `fields`, multipart, with Origin.
 */
async function submitForm(
  server: MarketplaceServer,
  pathname: string,
  marker: string,
  fields: Record<string, string>,
  jar = new Jar(),
): Promise<Response> {
  const page = await get(server, pathname, jar);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => f.includes(marker));
  if (!form) throw new Error(`no form with ${marker} on ${pathname}`);
  const body = new FormData();
  for (const input of form.matchAll(/<input\b[^>]*>/g)) {
    const tag = input[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (name === undefined) continue;
    body.append(unescapeHtml(name), unescapeHtml(/value="([^"]*)"/.exec(tag)?.[1] ?? ""));
  }
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  const response = await fetch(`${server.url}${pathname}`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { origin: server.url, cookie: jar.header() },
  });
  jar.take(response);
  return response;
}

/** next-auth's own sign-in: its CSRF token, then the Credentials callback. */
async function credentialsSignIn(server: MarketplaceServer, email: string, password: string, jar = new Jar()): Promise<Response> {
  const csrf = await get(server, "/api/auth/csrf", jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/account" }),
  });
  jar.take(response);
  return response;
}

async function mailTo(database: FreshDatabase, to: string, kind: string): Promise<string> {
  return database.use(async ({ db }) => {
    const rows = await db.select().from(outbox).where(eq(outbox.to, to)).orderBy(asc(outbox.id));
    const mail = rows.filter((row) => row.kind === kind).at(-1);
    if (!mail) throw new Error(`no ${kind} mail to ${to}; the outbox has ${JSON.stringify(rows.map((r) => r.kind))}`);
    return mail.text;
  });
}

function linkIn(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match) throw new Error(`no link in:\n${text}`);
  return new URL(match[0]).pathname + new URL(match[0]).search;
}

describe("accounts over HTTP", () => {
  let database: FreshDatabase;
  let server: MarketplaceServer | undefined;
  const restart = async (env: Record<string, string> = {}) => {
    await server?.stop();
    server = undefined;
    server = await database.start({ ...ADMIN, ...env });
    return server;
  };

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await server?.stop();
    await database.remove();
  });

  it(
    "signs up, verifies by the mailed link (once), signs in with a cookie and shows the account",
    async () => {
      const s = await restart();
      const signUp = await submitForm(s, "/sign-up", 'name="password"', {
        email: "Ada@Example.org",
        name: "Ada",
        password: "correct horse battery",
      });
      expect(signUp.status).toBe(200);
      expect(await signUp.text()).toContain("We sent a link to ada@example.org");
      // Not verified yet: a password sign-in is refused, saying why.
      const early = await credentialsSignIn(s, "ada@example.org", "correct horse battery");
      expect(early.headers.get("location")).toMatch(/\/sign-in\?error=CredentialsSignin&code=unverified/);

      await s.stop();
      server = undefined;
      const text = await mailTo(database, "ada@example.org", "verify-account");
      const link = linkIn(text, /http:\/\/127\.0\.0\.1:\d+\/verify\?token=[A-Za-z0-9_-]+/);
      const t = await restart();
      const verified = await get(t, link);
      expect([verified.status, verified.headers.get("location")]).toEqual([303, "/sign-in?verified=1"]);
      const reused = await get(t, link);
      expect(reused.status).toBe(410);
      expect(await reused.text()).toContain("This link has been used");
      expect((await get(t, "/verify?token=" + "A".repeat(43))).status).toBe(404);

      const jar = new Jar();
      const signedIn = await credentialsSignIn(t, "ADA@example.org", "correct horse battery", jar);
      expect(signedIn.status).toBe(302);
      expect(signedIn.headers.get("location")).toBe(`${t.url}/account`);
      expect(jar.get("authjs.session-token")).toBeTruthy();
      const account = await get(t, "/account", jar);
      expect(account.status).toBe(200);
      const html = await account.text();
      expect(html).toContain("ada@example.org");
      expect(html).toContain("Sign out everywhere");

      // A visitor's page redirects to sign in; an API client gets 401, never a redirect.
      const visitor = await get(t, "/account");
      expect([visitor.status, visitor.headers.get("location")]).toEqual([307, "/sign-in?next=/account"]);
    },
    RESTARTING,
  );

  it(
    "answers a taken email like a fresh one and mails its owner instead",
    async () => {
      const s = server ?? (await restart());
      const again = await submitForm(s, "/sign-up", 'name="password"', { email: "ada@example.org", password: "another long phrase" });
      expect(await again.text()).toContain("We sent a link to ada@example.org");
      await s.stop();
      server = undefined;
      expect(await mailTo(database, "ada@example.org", "sign-up-existing")).toContain("already has one");
      await database.use(async ({ db }) => {
        expect(await db.select().from(users).where(eq(users.email, "ada@example.org"))).toHaveLength(1);
      });
    },
    RESTARTING,
  );

  it(
    "refuses weak passwords, invalid emails and oversize forms with a reason",
    async () => {
      const s = server ?? (await restart());
      const weak = await submitForm(s, "/sign-up", 'name="password"', { email: "weak@example.org", password: "short" });
      expect(await weak.text()).toContain("The password must have at least 10 characters.");
      const common = await submitForm(s, "/sign-up", 'name="password"', { email: "weak@example.org", password: "password123" });
      expect(await common.text()).toContain("among the most common");
      const invalid = await submitForm(s, "/sign-up", 'name="password"', { email: "not an email", password: "correct horse battery" });
      expect(await invalid.text()).toContain("This is not an email address");
      const oversize = await fetch(`${s.url}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `email=a%40example.org&password=${"x".repeat(20_000)}`,
      });
      expect(oversize.status).toBe(413);
    },
    RESTARTING,
  );

  it("ends an existing session when its account signs out everywhere (the session version)", async () => {
    const s = server ?? (await restart());
    const jar = new Jar();
    expect((await credentialsSignIn(s, "ada@example.org", "correct horse battery", jar)).status).toBe(302);
    const old = jar.copy();
    expect((await get(s, "/account", old)).status).toBe(200);
    const out = await submitForm(s, "/account", "Sign out everywhere", {}, jar);
    expect(out.status).toBeLessThan(400);
    const after = await get(s, "/account", old);
    expect([after.status, after.headers.get("location")]).toEqual([307, "/sign-in?next=/account"]);
    // A new sign-in works again.
    const fresh = new Jar();
    expect((await credentialsSignIn(s, "ada@example.org", "correct horse battery", fresh)).status).toBe(302);
    expect((await get(s, "/account", fresh)).status).toBe(200);
  });

  it(
    "resets a password by the mailed link, once",
    async () => {
      const s = server ?? (await restart());
      const asked = await submitForm(s, "/reset", 'name="email"', { email: "ada@example.org" });
      expect(await asked.text()).toContain("If an account exists for ada@example.org");
      const nobody = await submitForm(s, "/reset", 'name="email"', { email: "nobody@example.org" });
      expect(await nobody.text()).toContain("If an account exists for nobody@example.org");
      await s.stop();
      server = undefined;
      const link = linkIn(await mailTo(database, "ada@example.org", "reset-password"), /http:\/\/127\.0\.0\.1:\d+\/reset\/[A-Za-z0-9_-]+/);
      const t = await restart();
      const weak = await submitForm(t, link, 'name="confirm"', { password: "short", confirm: "short" });
      expect(await weak.text()).toContain("at least 10 characters");
      const set = await submitForm(t, link, 'name="confirm"', { password: "a brand new phrase", confirm: "a brand new phrase" });
      expect(set.status).toBe(303);
      expect((await get(t, link)).status).toBe(404);
      expect((await credentialsSignIn(t, "ada@example.org", "correct horse battery")).headers.get("location")).toContain(
        "error=CredentialsSignin",
      );
      expect((await credentialsSignIn(t, "ada@example.org", "a brand new phrase")).headers.get("location")).toBe(`${t.url}/account`);
    },
    RESTARTING,
  );

  it("rate-limits failed sign-ins per email with a 429", async () => {
    const s = server ?? (await restart());
    for (let i = 0; i < 5; i += 1) {
      const wrong = await credentialsSignIn(s, "root@example.org", `wrong password ${i}`);
      expect(wrong.headers.get("location")).toContain("code=invalid");
    }
    const limited = await credentialsSignIn(s, "root@example.org", ADMIN.ADMIN_PASSWORD);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/too many failed sign-in attempts/);
    expect(limited.headers.get("retry-after")).toBeTruthy();
  });

  it(
    "creates the first admin once and never overwrites it",
    async () => {
      const s = await restart({ ADMIN_PASSWORD: "a changed long phrase" });
      expect(s.output()).not.toContain("created the first admin");
      await s.stop();
      server = undefined;
      const admins = await database.use(({ db }) => db.select().from(users).where(eq(users.email, "root@example.org")));
      expect(admins.map((a) => [a.role, a.demo, a.emailVerified !== null])).toEqual([["admin", false, true]]);
      // The restart cleared the limiter: the first password still works, the changed one does not.
      const t = await restart({ ADMIN_PASSWORD: "a changed long phrase", LOG_LEVEL: "info" });
      expect(t.output()).toContain("ADMIN_PASSWORD is not applied");
      expect((await credentialsSignIn(t, "root@example.org", "a changed long phrase")).headers.get("location")).toContain("error=");
      const jar = new Jar();
      expect((await credentialsSignIn(t, "root@example.org", ADMIN.ADMIN_PASSWORD, jar)).headers.get("location")).toBe(`${t.url}/account`);
      const html = await (await get(t, "/account", jar)).text();
      expect(html).toContain("Administrator");
      expect(html).toContain('href="/admin"');
    },
    RESTARTING,
  );

  it.skipIf(POSTGRES)(
    "generates AUTH_SECRET once into the data directory (0600) and reuses it across restarts",
    async () => {
      const s = await restart({ AUTH_SECRET: "" });
      const file = path.join(database.dataDir, "auth-secret");
      const secret = fs.readFileSync(file, "utf8");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(secret.trim().length).toBeGreaterThanOrEqual(32);
      expect(s.output()).not.toContain(secret.trim());
      const jar = new Jar();
      expect((await credentialsSignIn(s, "root@example.org", ADMIN.ADMIN_PASSWORD, jar)).status).toBe(302);
      const t = await restart({ AUTH_SECRET: "" });
      expect(fs.readFileSync(file, "utf8")).toBe(secret);
      // The cookie signed before the restart still holds.
      expect((await get(t, "/account", jar)).status).toBe(200);
    },
    RESTARTING,
  );
});

describe("start-up without AUTH_SECRET", () => {
  it("is refused in production on PostgreSQL, saying what to set", async () => {
    const started = startMarketplace({ AUTH_SECRET: "", DATABASE_URL: "postgres://127.0.0.1:1/none" });
    await expect(started).rejects.toThrow(/AUTH_SECRET: required in production with DATABASE_URL/);
  });
});
