/**
 * The publishing workflow of accounts, end to end in Chromium against a production server of its own
 * (UPLOAD_CONFIRMATION=on, a real SMTP server on 127.0.0.1, a first admin from ADMIN_EMAIL): sign up
 * and follow the mailed link, sign in, prove an endorser email, upload an entry of that email
 * (published at once) and two of another (pending: the endorser's mail confirms one and aborts the
 * other; a used link is 410), deprecate an entry from its page by signing the prepared file with the
 * CLI, become a moderator by an admin's role change and hide and show an entry, replay that action's
 * POST as a visitor (401) and as a plain user (403), and find all of it in the audit log. Every page it passes is
 * photographed at desktop and phone width (test-results/screens/accounts/).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signerFor } from "@/db/testing/signed-entries";
import { startMarketplace, type MarketplaceServer } from "./http/marketplace-server";
import { keepServerOutputOnFailure } from "./support/server-output";
import { signedDocument } from "./http/signed-documents";
import { linkIn, startSmtpSink, type SmtpSink } from "./support/smtp-sink";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const USER = "morgan@example.test";
const PASSWORD = "a walk in the hills";
const OWN = "alice.e2e@example.test";
const OTHER = "bob.e2e@example.test";
const ADMIN = "admin.e2e@example.test";
const ADMIN_PASSWORD = "admin passphrase for e2e";
const SCREENS = "test-results/screens/accounts";

let sink: SmtpSink;
let server: MarketplaceServer;
let files: { own: string; pendingConfirmed: string; pendingAborted: string };
let work: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-accounts-"));
  const write = async (name: string, spec: Parameters<typeof signedDocument>[0]) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, await signedDocument(spec));
    return file;
  };
  files = {
    own: await write("own.xml", { image: "e2e own", created: "2026-11-01T10:00:00Z", email: OWN, title: "E2E own appliance" }),
    pendingConfirmed: await write("confirmed.xml", {
      image: "e2e confirmed",
      created: "2026-11-01T10:00:00Z",
      email: OTHER,
      title: "E2E confirmed appliance",
    }),
    pendingAborted: await write("aborted.xml", {
      image: "e2e aborted",
      created: "2026-11-01T10:00:00Z",
      email: OTHER,
      title: "E2E aborted appliance",
    }),
  };
  sink = await startSmtpSink();
  server = await startMarketplace({
    SMTP_URL: sink.url,
    UPLOAD_CONFIRMATION: "on",
    ADMIN_EMAIL: ADMIN,
    ADMIN_PASSWORD,
    JOB_POLL_MS: "100",
    REMINDERS: "off",
  });
});

keepServerOutputOnFailure(() => server);

test.afterAll(async () => {
  await server?.stop();
  await sink?.stop();
});

/** The page at desktop and phone width, light and dark (the viewport and scheme are restored after); it must not scroll sideways on the phone. */
async function photograph(page: Page, name: string) {
  fs.mkdirSync(SCREENS, { recursive: true });
  const viewport = page.viewportSize();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SCREENS}/${name}-desktop-${scheme}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENS}/${name}-phone-${scheme}.png`, fullPage: true });
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
      const innermost = wide.filter((e) => !wide.some((other) => other !== e && e.contains(other)));
      return {
        by: document.documentElement.scrollWidth - window.innerWidth,
        what: innermost.slice(0, 3).map((e) => e.outerHTML.slice(0, 200)),
      };
    });
    expect(overflow.by, `${name} scrolls sideways on a phone: ${overflow.what.join("\n")}`).toBeLessThanOrEqual(0);
    if (viewport) await page.setViewportSize(viewport);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/sign-in`);
  const form = page.getByRole("form", { name: "Sign in with email and password" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** From a listing, the entry page of the card with this title (not its image's download link). */
async function openEntry(page: Page, title: string) {
  await page.locator('a[href^="/metadata/"]', { hasText: title }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
}

async function upload(page: Page, file: string) {
  await page.goto(`${server.url}/upload`);
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole("button", { name: /^Upload$/ }).click();
}

test("sign up, follow the mailed link, sign in", async ({ page }) => {
  await page.goto(`${server.url}/sign-up`);
  await photograph(page, "sign-up");
  const form = page.getByRole("form", { name: "Create an account" });
  await form.getByLabel("Email").fill(USER);
  await form.getByLabel("Name (optional)").fill("Morgan Example");
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create the account" }).click();

  const mail = await sink.waitFor(USER);
  await page.goto(linkIn(mail, /^\/verify/));
  await expect(page).toHaveURL(/\/sign-in/);
  await photograph(page, "sign-in");
  await signIn(page, USER, PASSWORD);
  await page.goto(`${server.url}/account`);
  await expect(page.getByText(USER).first()).toBeVisible();
  await photograph(page, "account");
});

test("prove an endorser email: its upload is published at once", async ({ page }) => {
  await signIn(page, USER, PASSWORD);
  await page.goto(`${server.url}/account/emails`);
  await page.getByLabel("Email address").fill(OWN);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Done: a link went to ${OWN}` })).toBeVisible();
  const mail = await sink.waitFor(OWN);
  await page.goto(linkIn(mail, /^\/account\/emails\/verify/));
  await page.goto(`${server.url}/account/emails`);
  await expect(page.getByText(OWN).first()).toBeVisible();
  await expect(page.getByText(/verified/i).first()).toBeVisible();
  await photograph(page, "account-emails");

  // The certificate it signs with, linked by its PEM file, listed with its expiry, and unlinked.
  const certFile = path.join(work, "own-cert.pem");
  fs.writeFileSync(certFile, (await signerFor(OWN)).certPem);
  await page.goto(`${server.url}/account/certificates`);
  await page.getByLabel("Or choose a .pem file").setInputFiles(certFile);
  await page.getByRole("button", { name: "Link the certificate" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Done: linked .+, valid until 2040-01-01/ })).toBeVisible();
  const unlink = page.getByRole("button", { name: /^Unlink / });
  await expect(unlink).toHaveCount(1);
  await unlink.click();
  await expect(page.getByText("None linked yet.")).toBeVisible();

  await upload(page, files.own);
  await expect(page.getByText(/E2E own appliance/).first()).toBeVisible();
  await expect(page.getByText(/Waiting for the endorser's confirmation/)).toHaveCount(0);
  await page.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E own appliance")}`);
  await expect(page.getByText("E2E own appliance").first()).toBeVisible();
});

test("an unproven upload waits: the endorser's confirm link publishes it, an abort link discards another, a used link is gone", async ({
  page,
}) => {
  await signIn(page, USER, PASSWORD);
  await upload(page, files.pendingConfirmed);
  await expect(page.getByText(/Waiting for the endorser's confirmation/)).toBeVisible();
  const confirmMail = await sink.waitFor(OTHER);
  await upload(page, files.pendingAborted);
  await expect(page.getByText(/Waiting for the endorser's confirmation/)).toBeVisible();
  await expect.poll(() => sink.messages.filter((m) => m.to.includes(OTHER)).length).toBe(2);
  const abortMail = sink.messages.filter((m) => m.to.includes(OTHER))[1]!;
  expect(abortMail.text).not.toEqual(confirmMail.text);

  await page.goto(`${server.url}/account/entries`);
  await expect(page.getByText("E2E confirmed appliance").first()).toBeVisible();
  await photograph(page, "account-entries");

  // Not listed while pending.
  await page.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E confirmed appliance")}`);
  await expect(page.getByText("E2E confirmed appliance")).toHaveCount(0);

  await page.goto(linkIn(confirmMail, /\/action\/[^/]+\/confirm/));
  await photograph(page, "action-confirm");
  await page.getByRole("button", { name: "Confirm and publish" }).click();
  await expect(page.getByText(/created|published/i).first()).toBeVisible();
  await page.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E confirmed appliance")}`);
  await expect(page.getByText("E2E confirmed appliance").first()).toBeVisible();

  const abort = linkIn(abortMail, /\/action\/[^/]+\/abort/);
  await page.goto(abort);
  await page.getByRole("button", { name: "Abort the upload" }).click();
  await expect(page.getByText(/abort/i).first()).toBeVisible();
  const reused = await page.goto(abort);
  expect(reused?.status()).toBe(410);
  await photograph(page, "action-used-link");
  await page.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E aborted appliance")}&status=all`);
  await expect(page.getByText("E2E aborted appliance")).toHaveCount(0);
});

test("deprecate an entry from its page, signing the prepared file with the CLI", async ({ page }) => {
  await signIn(page, USER, PASSWORD);
  await page.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E own appliance")}`);
  await openEntry(page, "E2E own appliance");
  const manage = page.getByTestId("endorser-actions");
  await expect(manage).toBeVisible();
  await photograph(page, "entry-endorser");
  await manage
    .getByLabel(/reason/i)
    .first()
    .fill("Superseded by the e2e test");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    manage.getByRole("button", { name: "Download the deprecation to sign" }).click(),
  ]);
  const unsigned = path.join(work, "deprecation.xml");
  await download.saveAs(unsigned);
  expect(fs.readFileSync(unsigned, "utf8")).toContain("slterms:deprecated");

  const signer = await signerFor(OWN);
  const key = path.join(work, "key.pem");
  const cert = path.join(work, "cert.pem");
  fs.writeFileSync(key, signer.privateKey.export({ type: "pkcs8", format: "pem" }));
  fs.writeFileSync(cert, signer.certPem);
  const signed = path.join(work, "deprecation-signed.xml");
  execFileSync(process.execPath, ["bin/marketplace.mjs", "sign-metadata", "--key", key, "--cert", cert, "-o", signed, unsigned], {
    stdio: "pipe",
  });

  await manage.locator('input[type="file"]').setInputFiles(signed);
  await manage.getByRole("button", { name: /^Upload$/ }).click();
  await expect(manage.getByText(/E2E own appliance/).first()).toBeVisible();

  await page.goto(`${server.url}/metadata?status=deprecated`);
  await expect(page.getByText("E2E own appliance").first()).toBeVisible();
});

test("an admin makes the user a moderator, who hides an entry and shows it again", async ({ page, browser }) => {
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await page.goto(`${server.url}/admin/users`);
  const role = page.getByLabel(`Role of ${USER}`);
  await role.selectOption("moderator");
  await role.locator("xpath=ancestor::form").getByRole("button", { name: "Change" }).click();
  await expect(page.getByText(/Done/).first()).toBeVisible();

  // The role change ended the user's sessions: a new one carries the new role.
  const moderatorContext = await browser.newContext();
  const moderatorPage = await moderatorContext.newPage();
  await signIn(moderatorPage, USER, PASSWORD);
  await moderatorPage.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E confirmed appliance")}`);
  await openEntry(moderatorPage, "E2E confirmed appliance");
  const entryUrl = moderatorPage.url();
  const moderation = moderatorPage.getByTestId("moderation-panel");
  await moderation.getByLabel(/Reason for hiding/).fill("Hidden by the e2e test");
  await moderation.getByRole("button", { name: "Hide this entry" }).click();
  await expect(moderation.getByRole("button", { name: "Show again" })).toBeVisible();
  await photograph(moderatorPage, "entry-hidden-moderator");

  const visitor = await browser.newPage();
  const gone = await visitor.goto(entryUrl);
  expect(gone?.status()).toBe(410);
  await expect(visitor.getByText("Hidden by the e2e test").first()).toBeVisible();
  await visitor.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E confirmed appliance")}`);
  await expect(visitor.getByText("E2E confirmed appliance")).toHaveCount(0);

  await moderation.getByRole("button", { name: "Show again" }).click();
  await expect(moderation.getByRole("button", { name: "Hide this entry" })).toBeVisible();
  expect((await visitor.goto(entryUrl))?.status()).toBe(200);
  await visitor.close();

  // The user's own activity: what they did and what was done to their account, nobody else's lines.
  await moderatorPage.goto(`${server.url}/account`);
  const activity = moderatorPage.getByTestId("activity");
  for (const action of ["entry-shown", "entry-hidden", "role-changed"])
    await expect(activity.getByText(action, { exact: true }).first()).toBeVisible();
  await expect(activity.getByText(ADMIN)).toHaveCount(0);
  await moderatorContext.close();
});

test("a visitor's or a plain user's direct POST of the moderation action is refused, and changes nothing", async ({
  page,
  browser,
  playwright,
}) => {
  // The real form submission of a moderator, captured on its way out (and not sent)...
  await signIn(page, USER, PASSWORD);
  await page.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E confirmed appliance")}`);
  await openEntry(page, "E2E confirmed appliance");
  const entryUrl = page.url();
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route(entryUrl, async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    captured = { headers: await request.allHeaders(), body: request.postDataBuffer() ?? Buffer.alloc(0) };
    await route.abort();
  });
  const moderation = page.getByTestId("moderation-panel");
  await moderation.getByLabel(/Reason for hiding/).fill("A forged hide");
  await moderation.getByRole("button", { name: "Hide this entry" }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  const headers = Object.fromEntries(
    Object.entries(captured!.headers).filter(([name]) =>
      ["content-type", "next-action", "next-router-state-tree", "accept", "origin"].includes(name),
    ),
  );
  expect(headers["next-action"]).toBeTruthy();

  // ...replayed by a visitor (no cookie) and by a signed-in plain user.
  const visitor = await playwright.request.newContext();
  const asVisitor = await visitor.post(entryUrl, { headers, data: captured!.body });
  expect(asVisitor.status()).toBe(401);
  await visitor.dispose();

  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  const plain = "plain.e2e@example.test";
  await userPage.goto(`${server.url}/sign-up`);
  const form = userPage.getByRole("form", { name: "Create an account" });
  await form.getByLabel("Email").fill(plain);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create the account" }).click();
  await userPage.goto(linkIn(await sink.waitFor(plain), /^\/verify/));
  await signIn(userPage, plain, PASSWORD);
  const asUser = await userContext.request.post(entryUrl, { headers, data: captured!.body });
  expect(asUser.status()).toBe(403);
  await userContext.close();

  expect((await page.request.get(entryUrl)).status()).toBe(200);
});

test("the audit log has all of it; every admin page answers", async ({ page }) => {
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  for (const [name, url] of [
    ["admin", "/admin"],
    ["admin-users", "/admin/users"],
    ["admin-outbox", "/admin/outbox"],
    ["admin-abuse", "/admin/abuse"],
    ["account-tokens", "/account/tokens"],
    ["account-certificates", "/account/certificates"],
  ] as const) {
    expect((await page.goto(`${server.url}${url}`))?.status(), url).toBe(200);
    await photograph(page, name);
  }

  await page.goto(`${server.url}/admin/audit`);
  await photograph(page, "admin-audit");
  const log = page.locator("main table");
  for (const action of [
    "sign-up",
    "account-verified",
    "endorser-email-verified",
    "upload",
    "upload-pending",
    "upload-confirmed",
    "upload-aborted",
    "role-changed",
    "entry-hidden",
    "entry-shown",
  ])
    await expect(log.getByText(action, { exact: true }).first(), action).toBeVisible();
});
