/**
 * The create wizard by keyboard alone (issue 11): sign in, start a draft, paste the checksums of
 * `marketplace build-metadata`, give the location and the description, download the unsigned XML,
 * choose the signed file and publish it, with Tab, typing, Enter and Space only. Each control is
 * reached by pressing Tab, so a control that cannot be focused fails the test.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signerFor } from "@/db/testing/signed-entries";
import { startMarketplace, type MarketplaceServer } from "./http/marketplace-server";
import { keepServerOutputOnFailure } from "./support/server-output";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const USER = "kim.keyboard@example.org";
const PASSWORD = "only the keys today";
let server: MarketplaceServer;
let work: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-create-keyboard-"));
  server = await startMarketplace({ ADMIN_EMAIL: USER, ADMIN_PASSWORD: PASSWORD, REMINDERS: "off" });
});

keepServerOutputOnFailure(() => server);

test.afterAll(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Presses Tab until the target has the focus: it must be reachable in the page's tab order. */
async function tabTo(page: Page, target: Locator, max = 80) {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`not reachable with Tab: ${target.toString()}`);
}

async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

async function press(page: Page, target: Locator, key = "Enter") {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

test("the 'I have an image' flow end to end with the keyboard alone", async ({ page }) => {
  const image = randomBytes(64 * 1024);
  const digest = (algorithm: string) => createHash(algorithm).update(image).digest("hex");

  await page.goto(`${server.url}/sign-in?next=/create`);
  const form = page.getByRole("form", { name: "Sign in with email and password" });
  await typeInto(page, form.getByLabel("Email"), USER);
  await typeInto(page, form.getByLabel("Password"), PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${server.url}/create`);

  await press(page, page.getByRole("button", { name: "Describe my image" }));
  await expect(page).toHaveURL(/\/create\/dr_[A-Za-z0-9_-]{16}\/image$/);
  const draftUrl = page.url().replace(/\/image$/, "");

  // The checksums as `marketplace build-metadata` prints them, pasted field by field.
  await typeInto(page, page.getByLabel("Size in bytes (uncompressed)"), String(image.length));
  for (const [label, algorithm] of [
    ["MD5", "md5"],
    ["SHA-1", "sha1"],
    ["SHA-256", "sha256"],
    ["SHA-512", "sha512"],
  ] as const) {
    await typeInto(page, page.getByLabel(label, { exact: true }), digest(algorithm));
  }
  await press(page, page.getByRole("button", { name: "Use these values" }));
  await expect(page.getByTestId("hash-sha512")).toHaveText(digest("sha512"));
  await press(page, page.getByRole("button", { name: "Save and continue" }));
  await expect(page).toHaveURL(`${draftUrl}/location`);

  await typeInto(page, page.getByLabel("Location URL"), "https://images.example.org/keyboard.img");
  await press(page, page.getByRole("button", { name: "Save and continue" }));
  await expect(page).toHaveURL(`${draftUrl}/metadata`);

  await typeInto(page, page.getByLabel("Title"), "Keyboard appliance");
  await press(page, page.getByRole("button", { name: "12 months" }));
  await expect(page.getByLabel("Metadata preview")).toContainText("<dcterms:title>Keyboard appliance</dcterms:title>");
  await press(page, page.getByRole("button", { name: "Save and continue" }));
  await expect(page).toHaveURL(`${draftUrl}/sign`);

  // The download link, then the signed file chosen through the file dialog the keyboard opens.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    press(page, page.getByRole("link", { name: /^Download .*\.xml$/ })),
  ]);
  const unsigned = path.join(work, "unsigned.xml");
  await download.saveAs(unsigned);
  const signer = await signerFor(USER);
  fs.writeFileSync(path.join(work, "key.pem"), signer.keyPem);
  fs.writeFileSync(path.join(work, "cert.pem"), signer.certPem);
  const signed = path.join(work, "signed.xml");
  execFileSync(
    process.execPath,
    [
      "bin/marketplace.mjs",
      "sign-metadata",
      "--key",
      path.join(work, "key.pem"),
      "--cert",
      path.join(work, "cert.pem"),
      "-o",
      signed,
      unsigned,
    ],
    {
      stdio: "pipe",
    },
  );
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), press(page, page.locator("#metadata-file"), "Space")]);
  await chooser.setFiles(signed);
  await press(page, page.getByRole("button", { name: /^Upload$/ }));
  await expect(page.getByText("Keyboard appliance").first()).toBeVisible();
});
