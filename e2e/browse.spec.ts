/**
 * Browsing the demo appliances in a real browser: the listing, search, filters, "More...", the entry
 * page and its downloads, the endorser pages. Screenshots of every page go to test-results/screens.
 */
import fs from "node:fs";
import { expect, test } from "@playwright/test";

test.describe.configure({ mode: "serial" });

test("the home page leads to the listing of demo appliances", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/metadata$/);
  await expect(page.getByRole("heading", { level: 1, name: "Appliances" })).toBeVisible();
  await expect(page.getByRole("link", { name: /More\.\.\./ }).first()).toBeVisible();
  await expect(page.getByText("Ubuntu 24.04 LTS server").first()).toBeVisible();
  await expect(page.getByRole("status")).toContainText(/Showing 1 to \d+ of \d+ entries/);
  await page.screenshot({ path: "test-results/screens/desktop-listing.png", fullPage: true });
});

test("search narrows the list without a reload and the URL can be shared", async ({ page }) => {
  await page.goto("/metadata");
  const before = await page.evaluate(() => performance.getEntriesByType("navigation").length);
  await page.getByPlaceholder("Search...").fill("debian");
  await expect(page).toHaveURL(/q=debian/);
  await expect(page.getByText("Debian 12 bookworm minimal").first()).toBeVisible();
  await expect(page.getByText("Ubuntu 24.04 LTS server")).toHaveCount(0);
  expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(before);
  await page.goto("/metadata?q=debian");
  await expect(page.getByText("Debian 12 bookworm minimal").first()).toBeVisible();
  await expect(page.getByText("Ubuntu 24.04 LTS server")).toHaveCount(0);
});

test("filters by OS and by status", async ({ page }) => {
  await page.goto("/metadata");
  await page.getByLabel("Operating system").selectOption({ label: "Fedora" });
  await expect(page).toHaveURL(/os=Fedora/);
  await expect(page.getByText("Fedora 41 Cloud").first()).toBeVisible();
  await expect(page.getByText("Debian 12 bookworm minimal")).toHaveCount(0);

  await page.goto("/metadata");
  await page.getByLabel("Status").selectOption("expired");
  await expect(page.getByText("CentOS 7.9 legacy").first()).toBeVisible();
  await expect(page.getByText("Fedora 41 Cloud")).toHaveCount(0);

  await page.getByLabel("Status").selectOption("deprecated");
  await expect(page.getByText("Scientific Linux 6.5").first()).toBeVisible();
  await expect(page.getByText("CentOS 7.9 legacy")).toHaveCount(0);
});

test("the listing links its Atom feeds with its filters, and they list what it lists", async ({ page, request }) => {
  await page.goto("/metadata");
  await page.getByLabel("Operating system").selectOption({ label: "Fedora" });
  await expect(page).toHaveURL(/os=Fedora/);
  const feed = page.getByRole("link", { name: "new", exact: true });
  await expect(feed).toHaveAttribute("href", "/feeds/new.atom?os=Fedora");
  await expect(page.locator('head link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute(
    "href",
    "/feeds/new.atom?os=Fedora",
  );
  const atom = await (await request.get("/feeds/new.atom?os=Fedora")).text();
  expect(atom).toContain('<title type="html"><![CDATA[Fedora 41 Cloud]]></title>');
  expect(atom).not.toContain("Debian 12 bookworm minimal");
  await expect(page.getByRole("link", { name: "deprecated", exact: true })).toHaveAttribute("href", "/feeds/deprecated.atom?os=Fedora");
});

test("the OS version menu orders versions as numbers and offers only the chosen OS's", async ({ page }) => {
  await page.goto("/metadata");
  const versions = async () =>
    (await page.getByLabel("OS version").locator("option").allTextContents()).slice(1).map((v) => v.replace(/\s*\(.*\)$/, "").trim());
  const all = await versions();
  // As text, "12" would come before "9.4".
  expect(all.indexOf("9.4")).toBeGreaterThanOrEqual(0);
  expect(all.indexOf("9.4")).toBeLessThan(all.indexOf("12"));
  expect(all.indexOf("12")).toBeLessThan(all.indexOf("24.04"));
  await page.getByLabel("Operating system").selectOption({ label: "Ubuntu" });
  await expect(page).toHaveURL(/os=Ubuntu/);
  await expect.poll(versions).toEqual(["24.04"]);
});

test("More... opens the entry with its signature, related entries and downloads", async ({ page, request }) => {
  await page.goto("/metadata?q=ubuntu");
  await page
    .getByRole("link", { name: /More\.\.\./ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/metadata\/[A-Za-z0-9_-]{27}\/[^/]+@demo\.example\.org\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ubuntu 24.04 LTS server");
  await expect(page.getByText(/trusted CA/i).first()).toBeVisible();
  await expect(page.getByText(/SHA-256 fingerprint|Fingerprint/i).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/desktop-entry.png", fullPage: true });

  const entryPath = new URL(page.url()).pathname;
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^xml/ }).click()]);
  // Named by identifier and endorsement date, so two versions of an image do not overwrite each other.
  expect(download.suggestedFilename()).toMatch(/^[A-Za-z0-9_-]{27}-\d{8}T\d{6}Z\.xml$/);
  const downloaded = fs.readFileSync(await download.path());
  const stored = await request.get(`/api/v1${entryPath.replace(/^\/metadata/, "/entries")}/xml`);
  expect(Buffer.compare(downloaded, await stored.body())).toBe(0);

  const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^json/ }).click()]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
});

test("endorser pages: list, history and tags", async ({ page }) => {
  await page.goto("/endorsers");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Endorsers");
  await expect(page.getByText("alice.martin@demo.example.org").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/desktop-endorsers.png", fullPage: true });
  await page.goto("/endorsers/alice.martin@demo.example.org");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("alice.martin@demo.example.org");
  await page.screenshot({ path: "test-results/screens/desktop-history.png", fullPage: true });
  // Any range in the address is the window shown (one rule with the original's XML), and the select says so.
  await page.goto("/endorsers/alice.martin@demo.example.org?range=45");
  await expect(page.getByLabel("Show")).toHaveValue("45");
  await expect(page.getByRole("option", { name: "last 45 days" })).toHaveCount(1);
  await page.getByLabel("Show").selectOption("all");
  await expect(page).toHaveURL(/range=all/);
  await expect(page.locator("caption")).toHaveText("All entries endorsed, newest first");
  await page.goto("/endorsers/bob.okafor@demo.example.org/tags");
  await expect(page.getByRole("link", { name: "el9-base" })).toBeVisible();
  await page.getByRole("link", { name: "el9-base" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("AlmaLinux 9.4 base");
});

test("unknown pages say so, and work: their scripts are allowed by their CSP and they hydrate", async ({ page }) => {
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) blocked.push(message.text());
  });
  for (const path of ["/metadata/AAAAAAAAAAAAAAAAAAAAAAAAAAA/nobody@example.org/2020-01-01T00:00:00Z", "/no/such/page"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Hydrated: the link navigates on the client, so the page's window survives (a blocked script
    // would leave a plain link and a full page load).
    await page.evaluate(() => ((window as unknown as { sameWindow: boolean }).sameWindow = true));
    await page.getByRole("link", { name: "Browse the appliances" }).click();
    await expect(page).toHaveURL(/\/metadata$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { sameWindow?: boolean }).sameWindow)).toBe(true);
  }
  expect(blocked).toEqual([]);
  await page.goto("/no/such/page");
  await page.screenshot({ path: "test-results/screens/desktop-not-found.png", fullPage: true });
});
