/**
 * The upload page as a new user meets it (issue 7, items 4, 9 and 11): Upload waits for a file, a file
 * over the limit is refused when chosen, "Validate only" reports every problem and stores nothing, the
 * success names the entry's title and trust, the same file again says "already stored", the commands
 * scroll sideways on a phone instead of breaking, and the page says how to get a certificate.
 */
import fs from "node:fs";
import { CERTIFICATE_HELP } from "@/lib/metadata/pki/certificate-help";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { UNSIGNED_ENTRY, credentialsOf, testSigners } from "@/lib/metadata/__tests__/signing-helpers";
import { fixturePath } from "@/lib/metadata/__tests__/fixtures";

test.describe.configure({ mode: "serial" });

const title = `Upload page ${Date.now()}`;
let signed: string;
let tooLarge: string;

test.beforeAll(async () => {
  const { jane } = await testSigners();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-upload-page-"));
  signed = path.join(dir, "signed.xml");
  fs.writeFileSync(signed, signMetadata(UNSIGNED_ENTRY.replace("Original title", title), credentialsOf(jane)));
  tooLarge = path.join(dir, "huge.xml");
  // Over the default 2 MiB limit of the test server.
  fs.writeFileSync(tooLarge, Buffer.alloc(3 * 1024 * 1024, 0x20));
});

test("Upload and Validate only wait for a file; a file over the limit is refused when chosen", async ({ page }) => {
  await page.goto("/upload");
  const upload = page.getByRole("button", { name: "Upload", exact: true });
  const validate = page.getByRole("button", { name: "Validate only" });
  await expect(upload).toBeDisabled();
  await expect(validate).toBeDisabled();
  await page.locator('input[type="file"]').setInputFiles(tooLarge);
  await expect(page.getByText(/The file is 3\.0 MiB; this Marketplace accepts at most 2\.0 MiB/)).toBeVisible();
  await expect(upload).toBeDisabled();
  await page.locator('input[type="file"]').setInputFiles(signed);
  await expect(upload).toBeEnabled();
  await expect(page.getByText(/The file is 3\.0 MiB/)).toHaveCount(0);
});

test("Validate only reports every problem and stores nothing", async ({ page }) => {
  await page.goto("/upload");
  await page.locator('input[type="file"]').setInputFiles(fixturePath("metadata/invalid-inconsistent-identifiers.xml"));
  await page.getByRole("button", { name: "Validate only" }).click();
  await expect(page.getByRole("heading", { name: "Not valid (dry run)" })).toBeVisible();
  await expect(page.getByText("no signature").first()).toBeVisible();
  await expect(page.getByText(/checksum from identifier/)).toBeVisible();

  await page.locator('input[type="file"]').setInputFiles(signed);
  await page.getByRole("button", { name: "Validate only" }).click();
  await expect(page.getByRole("heading", { name: "Valid: not stored (dry run)" })).toBeVisible();
  await expect(page.getByText(title)).toBeVisible();
  const listed = await page.request.get(`/api/v1/entries?q=${encodeURIComponent(title)}&status=all`);
  expect(((await listed.json()) as { total: number }).total).toBe(0);
});

test("the success names the title and trust label; the same file again says already stored", async ({ page }) => {
  await page.goto("/upload");
  await page.locator('input[type="file"]').setInputFiles(signed);
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Metadata entry created" })).toBeVisible();
  await expect(page.getByText(title)).toBeVisible();
  await expect(page.getByText(/Signing certificate:/).first()).toBeAttached();
  await page.screenshot({ path: "test-results/screens/desktop-upload-created.png", fullPage: true });

  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Already stored: nothing changed" })).toBeVisible();
  await expect(page.getByText("metadata entry already stored: this exact file was uploaded before, nothing changed")).toBeVisible();
});

test("says what a certificate is for and how to make or get one", async ({ page }) => {
  await page.goto("/upload");
  const help = page.getByRole("region", { name: "No certificate yet?" });
  await expect(help).toContainText('labelled "Self-signed"');
  // The CLI's recipe, command for command (lib/cli tests sign with exactly these).
  for (const command of CERTIFICATE_HELP.selfSigned.commands) await expect(help).toContainText(command);
  await expect(help).toContainText("certification authority");
  await expect(help).toContainText("IGTF");
});

test("on a phone the commands scroll sideways instead of breaking mid-token", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/upload");
  const blocks = page.locator("pre");
  expect(await blocks.count()).toBeGreaterThanOrEqual(4);
  for (const block of await blocks.all()) {
    const { whiteSpace, scrolls } = await block.evaluate((el) => ({
      whiteSpace: getComputedStyle(el).whiteSpace,
      scrolls: el.scrollWidth > el.clientWidth,
    }));
    expect(whiteSpace).toBe("pre");
    // The long option lines do not fit 390 px: they overflow inside their box, which scrolls.
    expect(scrolls).toBe(true);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.screenshot({ path: "test-results/screens/phone-upload.png", fullPage: true });
  await context.close();
});
