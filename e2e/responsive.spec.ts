/** The pages at phone width: nothing overflows sideways, filters fold behind a button. */
import { expect, test, type Page } from "@playwright/test";

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

test("listing, entry, endorsers and upload fit a phone", async ({ page }) => {
  await page.goto("/metadata");
  await expect(page.getByText("Ubuntu 24.04 LTS server").first()).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: "test-results/screens/phone-listing.png", fullPage: true });

  await page.getByRole("button", { name: /Filters/ }).click();
  await expect(page.getByLabel("Operating system")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/phone-filters.png", fullPage: true });

  await page
    .getByRole("link", { name: /More\.\.\./ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: "test-results/screens/phone-entry.png", fullPage: true });

  for (const [name, path] of [
    ["endorsers", "/endorsers"],
    ["upload", "/upload"],
    ["guide", "/guide"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: `test-results/screens/phone-${name}.png`, fullPage: true });
  }
});
