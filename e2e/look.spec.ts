/**
 * Every page at desktop (1366 px) and phone (390 px) width, in light and dark mode, with the data a
 * new user makes: a certificate from the common openssl recipe (`-subj "/CN=.../emailAddress=..."`,
 * which Java prints as `1.2.840.113549.1.9.1=#16...`) with a long subject, and a very long location
 * URL. Nothing may widen a page; names are shown decoded; text keeps its contrast in both schemes.
 * Screenshots go to test-results/screens/look (not committed) to be looked at.
 */
import { createRequire } from "node:module";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { unsignedEntry, identifierOf } from "@/db/testing/signed-entries";
import { credentialsOf } from "@/lib/metadata/__tests__/signing-helpers";
import { createTestLeaf } from "@/lib/metadata/pki/testing/test-pki";
import { signMetadata } from "@/lib/metadata/signature/sign";

// New per worker: a worker restarted after a failure uploads under a new email (a new key for the
// same email would be refused by key continuity).
const run = Date.now().toString(36);
const EMAIL = `new.comer.with.a.rather.long.address.${run}@research-infrastructure.example.net`;
const CN = "New Comer of the Distributed Computing Infrastructure Evaluation Working Group";
const SUBJECT = `E=${EMAIL}, CN=${CN}, OU=Cloud and Grid Operations Department, O=European Organisation for Long Names, L=Saint-Rémy-lès-Chevreuse, C=FR`;
const IMAGE = `look-image-${run}`;
const IDENTIFIER = identifierOf(IMAGE);
const TITLE = `Look test appliance ${run}`;
const TAG = `look-${run}`;
const LONG_URL = `https://images.research-infrastructure.example.net/${"appliances-published-by-the-evaluation-working-group/".repeat(4)}${IDENTIFIER}.img.gz?signature=${"0123456789abcdef".repeat(12)}`;

const OLDER = new Date(Date.now() - 2 * 86_400_000);
const NEWER = new Date(Date.now() - 86_400_000);
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
const entryPath = (created: Date) => `/metadata/${IDENTIFIER}/${EMAIL}/${iso(created)}`;

const WIDTHS = [
  { name: "desktop", viewport: { width: 1366, height: 900 }, isMobile: false },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true },
] as const;
const SCHEMES = ["light", "dark"] as const;

test.beforeAll(async ({ request }) => {
  // Self-signed, as `openssl req -x509 -subj "/C=FR/.../CN=.../emailAddress=..."` makes it.
  const signer = await createTestLeaf({ subject: SUBJECT, email: EMAIL, notBefore: new Date(Date.now() - 30 * 86_400_000) });
  expect(signer.certificate.subject).toMatch(/^1\.2\.840\.113549\.1\.9\.1=#16/);
  const spec = { image: IMAGE, email: EMAIL, title: TITLE, tag: TAG, locations: [LONG_URL], description: `Signed by ${CN}.` };
  for (const created of [OLDER, NEWER]) {
    const xml = signMetadata(unsignedEntry({ ...spec, created: iso(created) }), credentialsOf(signer), { now: created, email: EMAIL });
    const reply = await request.post("/metadata", { headers: { "Content-Type": "application/xml", Accept: "application/xml" }, data: xml });
    expect(reply.status(), await reply.text()).toBe(201);
  }
});

/** Pages by name: each is opened, checked and photographed at every width in both schemes. */
const PAGES: Array<{ name: string; path: string; ready: (page: Page) => Promise<void> }> = [
  { name: "listing", path: "/metadata", ready: (page) => expect(page.getByText(TITLE).first()).toBeVisible() },
  { name: "endorser-listing", path: `/metadata/${EMAIL}`, ready: (page) => expect(page.getByText(TITLE).first()).toBeVisible() },
  {
    name: "deprecated-listing",
    path: "/metadata?status=deprecated",
    ready: (page) => expect(page.getByTestId("deprecation-reason").first()).toBeVisible(),
  },
  { name: "entry", path: entryPath(NEWER), ready: (page) => expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE) },
  { name: "older-entry", path: entryPath(OLDER), ready: (page) => expect(page.getByTestId("superseded-banner")).toBeVisible() },
  { name: "endorsers", path: "/endorsers", ready: (page) => expect(page.getByText(CN).first()).toBeVisible() },
  {
    name: "endorser",
    path: `/endorsers/${EMAIL}`,
    ready: (page) => expect(page.getByRole("link", { name: IDENTIFIER }).first()).toBeVisible(),
  },
  { name: "tags", path: `/endorsers/${EMAIL}/tags`, ready: (page) => expect(page.getByRole("link", { name: TAG })).toBeVisible() },
  { name: "tag", path: `/tag/${EMAIL}/${TAG}`, ready: (page) => expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE) },
  {
    name: "404",
    path: "/metadata/no-such-image/nobody@example.org/2020-01-01T00:00:00Z",
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found"),
  },
  { name: "upload", path: "/upload", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  { name: "guide", path: "/guide", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toHaveText("Customized images") },
];

async function openPage(browser: Browser, width: (typeof WIDTHS)[number], colorScheme: (typeof SCHEMES)[number]) {
  // bypassCSP: the contrast checker is injected as a script the page's CSP would (rightly) refuse.
  const context = await browser.newContext({
    viewport: width.viewport,
    isMobile: width.isMobile,
    hasTouch: width.isMobile,
    colorScheme,
    bypassCSP: true,
  });
  return { context, page: await context.newPage() };
}

/**
 * scrollWidth <= innerWidth, and innerWidth still the phone's: a mobile browser widens its layout
 * viewport (and zooms out) to fit content that overflows, which would hide the overflow from the first test.
 */
async function expectNoHorizontalOverflow(page: Page, label: string, width: number) {
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    // The widest element, to name the culprit when the page overflows.
    let widest = "";
    let right = 0;
    for (const element of Array.from(document.querySelectorAll("body *"))) {
      const r = element.getBoundingClientRect().right;
      if (r > right)
        [right, widest] = [r, `${element.tagName.toLowerCase()}.${element.className}: ${(element.textContent ?? "").slice(0, 60)}`];
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, widest };
  });
  expect(scrollWidth, `${label} is ${scrollWidth}px wide in a ${innerWidth}px window; widest: ${widest}`).toBeLessThanOrEqual(innerWidth);
  expect(innerWidth, `${label} widened the ${width}px viewport; widest: ${widest}`).toBe(width);
}

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

async function expectReadableContrast(page: Page, label: string) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{ violations: Array<{ nodes: Array<{ target: unknown; failureSummary?: string }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "rule", values: ["color-contrast"] } });
    return result.violations.flatMap((violation) =>
      violation.nodes.map((node) => `${JSON.stringify(node.target)}: ${node.failureSummary ?? ""}`),
    );
  });
  expect(violations, `${label}: text below WCAG AA contrast`).toEqual([]);
}

for (const width of WIDTHS) {
  for (const scheme of SCHEMES) {
    test(`every page fits ${width.name} width in ${scheme} mode, readable`, async ({ browser }) => {
      test.setTimeout(120_000);
      const { context, page } = await openPage(browser, width, scheme);
      try {
        for (const { name, path, ready } of PAGES) {
          const label = `${name} (${width.name}, ${scheme})`;
          await page.goto(path);
          await ready(page);
          // Folded content counts too: certificate details, history lists.
          await page.evaluate(() => document.querySelectorAll("details").forEach((details) => (details.open = true)));
          await expectNoHorizontalOverflow(page, label, width.viewport.width);
          await page.screenshot({ path: `test-results/screens/look/${width.name}-${scheme}-${name}.png`, fullPage: true });
          await expectReadableContrast(page, label);
        }
      } finally {
        await context.close();
      }
    });
  }
}

test("the page follows the system colour scheme", async ({ browser }) => {
  const backgrounds: string[] = [];
  for (const scheme of SCHEMES) {
    const { context, page } = await openPage(browser, WIDTHS[0], scheme);
    await page.goto("/metadata");
    backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    await context.close();
  }
  expect(backgrounds[0]).not.toBe(backgrounds[1]);
});

test("certificate names are shown decoded on the entry and endorser pages", async ({ page }) => {
  const decoded = `emailAddress=${EMAIL}, CN=${CN}`;
  await page.goto(entryPath(NEWER));
  const signature = page.getByRole("region", { name: "Signature" });
  await expect(signature).toContainText(decoded);
  await expect(signature).toContainText(`elf-signed certificate of ${decoded}`);
  await expect(page.locator("body")).not.toContainText("1.2.840.113549.1.9.1");

  for (const path of ["/endorsers", `/endorsers/${EMAIL}`]) {
    await page.goto(path);
    await page.evaluate(() => document.querySelectorAll("details").forEach((details) => (details.open = true)));
    await expect(page.getByText(decoded).first()).toBeVisible();
    await expect(page.locator("body")).not.toContainText("1.2.840.113549.1.9.1");
  }
});

test("the entry heading is the title alone; the tag is shown apart and opens the tag", async ({ page }) => {
  await page.goto(entryPath(NEWER));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expect(page).toHaveTitle(`${TITLE} · Appliance Marketplace`);
  await page.getByRole("link", { name: `Tag ${TAG}` }).click();
  await expect(page).toHaveURL(new RegExp(`${entryPath(NEWER).replace(/[.?]/g, "\\$&")}$`));
});

test("page titles say what the headings say", async ({ page }) => {
  for (const path of [`/metadata/${EMAIL}`, `/metadata/${IDENTIFIER}`, `/endorsers/${EMAIL}`, `/endorsers/${EMAIL}/tags`, "/endorsers"]) {
    await page.goto(path);
    const heading = (await page.getByRole("heading", { level: 1 }).textContent())?.trim();
    await expect(page, path).toHaveTitle(`${heading} · Appliance Marketplace`);
  }
});

test("an older entry links to the newer one; an entry deprecated later links to the deprecation", async ({ page }) => {
  await page.goto(entryPath(OLDER));
  const banner = page.getByTestId("superseded-banner");
  await expect(banner).toContainText("A newer entry replaces this one");
  await banner.getByRole("link", { name: "See the newer entry" }).click();
  await expect(page).toHaveURL(new RegExp(`${iso(NEWER)}$`));
  await expect(page.getByTestId("superseded-banner")).toHaveCount(0);

  // The demo's Scientific Linux 6 entry was deprecated by a newer signed entry of its endorser.
  await page.goto("/metadata?status=deprecated");
  const card = page.getByRole("article").filter({ hasText: "Scientific Linux 6 is end-of-life" });
  await expect(card.getByTestId("deprecation-reason")).toContainText("Deprecated: Scientific Linux 6 is end-of-life: use AlmaLinux 9");
  await expect(card.getByRole("link", { name: /^Download/ })).toHaveCount(0);
  await card.getByRole("link", { name: /More\.\.\./ }).click();
  await expect(page.getByTestId("deprecated-banner")).toContainText("Scientific Linux 6 is end-of-life");
  // The endorser's own earlier entry: not this one, and not another endorser's ("... by <email>").
  const own = page
    .getByRole("region", { name: "Entries for this image" })
    .getByRole("listitem")
    .filter({ hasNotText: "This entry" })
    .filter({ hasNotText: " by " });
  await own.first().getByRole("link").click();
  await expect(page.getByTestId("superseded-banner")).toContainText("deprecated this image");
  await page.getByRole("link", { name: "See the deprecating entry" }).click();
  await expect(page.getByTestId("deprecated-banner")).toBeVisible();
});

test("the xml download's file name carries the endorsement date", async ({ request }) => {
  const reply = await request.get(`${entryPath(OLDER)}?media=xml`);
  expect(reply.headers()["content-disposition"]).toBe(`attachment; filename=${IDENTIFIER}-${iso(OLDER).replace(/[-:]/g, "")}.xml`);
});

test("on a phone, the endorser's closing parenthesis stays with the address", async ({ browser }) => {
  const { context, page } = await openPage(browser, WIDTHS[1], "light");
  await page.goto("/metadata");
  await expect(page.getByText(TITLE).first()).toBeVisible();
  // Every card's "(address)" after the endorser's name: the demo endorsers' and the long one.
  const addresses = page.getByRole("article").getByText(/^\(.+@.+\)$/);
  expect(await addresses.count()).toBeGreaterThan(3);
  const parenthesisWithAddress = await addresses.evaluateAll((elements) =>
    elements.map((element) => {
      // The tops of the last two characters: the same when ")" did not wrap alone onto a line.
      const characters: Array<[Text, number]> = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let offset = 0; offset < node.data.length; offset++) characters.push([node, offset]);
      }
      const top = ([node, offset]: [Text, number]) => {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        return range.getBoundingClientRect().top;
      };
      const [before, last] = characters.slice(-2) as [[Text, number], [Text, number]];
      return last[0].data[last[1]] === ")" && top(before) === top(last) ? "kept" : `alone: ${element.textContent}`;
    }),
  );
  expect(parenthesisWithAddress.filter((result) => result !== "kept")).toEqual([]);
  await context.close();
});

test("the history table keeps each identifier on one line where the columns have room", async ({ browser }) => {
  for (const viewport of [{ width: 768, height: 900 }, WIDTHS[0].viewport]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`/endorsers/${EMAIL}`);
    const lines = await page
      .locator("table")
      .getByRole("link", { name: IDENTIFIER, exact: true })
      .evaluateAll((links) => links.map((link) => link.getClientRects().length));
    expect(lines, `at ${viewport.width}px`).toEqual([1, 1]);
    await context.close();
  }
});
