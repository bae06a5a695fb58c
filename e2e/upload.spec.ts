/**
 * Uploading through the form: a valid signed file is stored and listed, and its xml download is
 * byte-for-byte the uploaded file; an invalid one is refused with every reason in words.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { UNSIGNED_ENTRY, credentialsOf, testSigners } from "@/lib/metadata/__tests__/signing-helpers";
import { fixturePath } from "@/lib/metadata/__tests__/fixtures";

test.describe.configure({ mode: "serial" });

const title = `E2E upload ${Date.now()}`;
let uploaded: string;

test.beforeAll(async () => {
  const { jane } = await testSigners();
  const xml = signMetadata(UNSIGNED_ENTRY.replace("Original title", title), credentialsOf(jane));
  uploaded = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "e2e-upload-")), "my-appliance.xml");
  fs.writeFileSync(uploaded, xml);
});

test("a valid signed file is stored, listed, and downloads byte for byte", async ({ page }) => {
  await page.goto("/upload");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/desktop-upload.png", fullPage: true });
  await page.locator('input[type="file"]').setInputFiles(uploaded);
  await page.getByRole("button", { name: /Upload/ }).click();
  const link = page.getByRole("link", { name: /new entry|view|open|See/i }).first();
  await expect(link).toBeVisible();
  await page.screenshot({ path: "test-results/screens/desktop-upload-success.png", fullPage: true });
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^xml/ }).click()]);
  expect(fs.readFileSync(await download.path()).equals(fs.readFileSync(uploaded))).toBe(true);

  await page.goto(`/metadata?q=${encodeURIComponent("E2E upload")}`);
  await expect(page.getByText(title).first()).toBeVisible();
});

test("an invalid file is refused with every problem in words", async ({ page }) => {
  await page.goto("/upload");
  await page.locator('input[type="file"]').setInputFiles(fixturePath("metadata/invalid-inconsistent-identifiers.xml"));
  await page.getByRole("button", { name: /Upload/ }).click();
  await expect(page.getByText("no signature").first()).toBeVisible();
  await expect(
    page.getByText(
      /rdf:about attribute \(#MMZu9WvwKIro-rtBQfDk4PsKO7_\) and dcterms:identifier \(MMZu9WvwKIro-rtBQfDk4PsKO77\) are not consistent/,
    ),
  ).toBeVisible();
  await expect(page.getByText(/checksum from identifier/)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/desktop-upload-refused.png", fullPage: true });
});
