/**
 * Issue 9's newcomer path with the CLI against a production server: `marketplace login` (a token
 * stored 0600), `create-certificate` (a PKCS#12 where sign-metadata looks), `sign-metadata`, then
 * `upload-metadata` sending the token publishes at once (201). The account owns the endorser email
 * verified (user_emails), so the upload is proven under UPLOAD_CONFIRMATION=on as well. `logout`
 * revokes the token on the server and forgets it.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/db";
import { userEmails } from "@/db/schema";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import { request } from "./client";
import type { MarketplaceServer } from "./marketplace-server";

const CLI = path.join(packageRoot(), "bin", "marketplace.mjs");
const EMAIL = "newcomer@example.net";
const PASSWORD = "a long and careful password";
const P12_PASSWORD = "p12 secret";

let database: FreshDatabase;
let server: MarketplaceServer;
let home: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it, in their home directory, stdin given (or closed). */
function marketplace(args: string[], input = "", env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: home,
      env: { PATH: process.env.PATH ?? "", HOME: home, NODE_ENV: "production", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-login-"));
  database = await freshDatabase();
  await database.use(async ({ db }) => {
    const user = await createUser({ email: EMAIL, password: PASSWORD, name: "New Comer", verified: true });
    await db.insert(userEmails).values({ userId: user.id, email: EMAIL, verifiedAt: new Date() });
  });
  // Confirmation on: the upload publishes at once only because the token's account owns the verified endorser email.
  server = await database.start({ UPLOAD_CONFIRMATION: "on" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("login, create-certificate, sign and upload with the CLI", () => {
  it("refuses a wrong password in plain words, storing nothing", async () => {
    const refused = await marketplace(["login", "--marketplace-endpoint", server.url, "--email", EMAIL, "--password-stdin"], "wrong\n");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("marketplace: login refused: wrong email or password\n");
    expect(fs.existsSync(path.join(home, ".config", "marketplace", "credentials"))).toBe(false);
    const noTerminal = await marketplace(["login", "--marketplace-endpoint", server.url]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toMatch(/use --email and --password-stdin/);
  });

  it("publishes at once: login, create-certificate, sign-metadata, upload-metadata with the token; logout revokes it", async () => {
    const login = await marketplace(
      ["login", "--marketplace-endpoint", server.url, "--email", EMAIL, "--password-stdin", "--name", "cli test"],
      `${PASSWORD}\n`,
    );
    expect(login.stderr, server.output()).toBe("");
    expect(login.code).toBe(0);
    const file = path.join(home, ".config", "marketplace", "credentials");
    expect(login.stdout).toBe(
      `Logged in to ${server.url} as New Comer <${EMAIL}>\nToken "cli test" (${login.stdout.match(/\((mkt_[\w-]{6})…/)?.[1]}…) stored in ${file}\n`,
    );
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    const stored = (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>)[server.url]!;
    expect(stored).toMatch(/^mkt_[\w-]{43}$/);
    expect(login.stdout).not.toContain(stored);

    const created = await marketplace(["create-certificate", "--email", EMAIL, "--name", "New Comer", "--password-stdin"], P12_PASSWORD);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const p12 = path.join(home, ".globus", "usercert.p12");
    expect(created.stdout).toContain(`Certificate written to ${p12}`);
    expect(created.stdout).toContain("RSA 3072");
    expect(mode(p12)).toBe(0o600);
    const again = await marketplace(["create-certificate", "--email", EMAIL, "--name", "New Comer", "--password-stdin"], P12_PASSWORD);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);

    fs.writeFileSync(path.join(home, "entry.xml"), readFixture("metadata/valid-minimal.xml"));
    const signed = await marketplace(["sign-metadata", "--p12-password", P12_PASSWORD, "entry.xml"]);
    expect(signed.stderr).toBe("");
    expect(signed.code).toBe(0);

    const upload = await marketplace(["upload-metadata", "--marketplace-endpoint", server.url, "entry.xml"]);
    expect(upload.code, `${upload.stderr}\n${server.output()}`).toBe(0);
    expect(upload.stderr).not.toMatch(/confirm the upload/);
    const url = upload.stdout.trim();
    expect(url.startsWith(`${server.url}/metadata/`)).toBe(true);
    const published = await request(url, { headers: { Accept: "application/xml" } });
    expect(published.status, `${upload.stdout}${upload.stderr}`).toBe(200);
    expect(published.text).toContain(EMAIL);

    const listed = await request(`${server.url}/api/v1/tokens`, { headers: { Authorization: `Bearer ${stored}` } });
    const tokens = (JSON.parse(listed.text) as { tokens: Array<{ name: string; lastUsedAt: string | null }> }).tokens;
    expect(tokens.map((t) => t.name)).toEqual(["cli test"]);

    const logout = await marketplace(["logout", "--marketplace-endpoint", server.url]);
    expect(logout.stderr).toBe("");
    expect(logout.stdout).toBe(`Revoked the token for ${server.url}, removed from ${file}\n`);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({});
    const afterLogout = await request(`${server.url}/api/v1/tokens`, { headers: { Authorization: `Bearer ${stored}` } });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.text).toContain("this API token was revoked");

    // The revoked token, given again, is explained with what to do.
    const stale = await marketplace(["logout", "--marketplace-endpoint", server.url, "--token", stored]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /this API token was revoked\n  the token from --token no longer works: run `marketplace login --marketplace-endpoint/,
    );
  }, 180_000);
});
