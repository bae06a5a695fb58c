/**
 * The create wizard's "build me an image" path (issue 11), in Chromium against a production server of
 * its own, with the real build backend (mmdebstrap, the sandbox, QEMU's boot test; the test command
 * runs as root with subordinate ids): the user picks Debian 12 as the base, is refused an unknown
 * package and an oversize script beside their fields, adds a package and a script with arguments,
 * builds a bootable image and watches it to the end (a refresh in the middle finds the build running),
 * describes it, signs it in the browser with a PKCS#12 (no request carries the key or the password),
 * publishes it, and sees the entry with its boot badge, its location serving the built image. Every
 * step is photographed at desktop and phone width (test-results/screens/create-build/).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signerFor } from "@/db/testing/signed-entries";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { startMarketplace, type MarketplaceServer } from "./http/marketplace-server";
import { keepServerOutputOnFailure } from "./support/server-output";
import { makePkcs12, photographer, recordRequests, secretPieces, signIn } from "./support/wizard";

/** A bootable build and its boot test under TCG take minutes; the limit is only a backstop. */
test.describe.configure({ mode: "serial", timeout: 40 * 60_000 });

const USER = "jane.builder@example.org";
const PASSWORD = "a walk in the hills";
const photograph = photographer("test-results/screens/create-build");
/** The build suite's bootstrap cache (lib/server/build/pipeline.build.test.ts), when it ran first. */
const BUILD_SUITE_CACHE = path.join(os.tmpdir(), "marketplace-build-cache");
let server: MarketplaceServer;
let work: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-create-build-"));
  // The image's root, an unprivileged id, must pass through every directory above its work directory.
  fs.chmodSync(work, 0o755);
  server = await startMarketplace({
    ADMIN_EMAIL: USER,
    ADMIN_PASSWORD: PASSWORD,
    REMINDERS: "off",
    BUILD_CONCURRENCY: "1",
    JOB_POLL_MS: "200",
    BUILD_WORK_DIR: path.join(work, "build-work"),
  });
  // A Debian base the build suite already bootstrapped spares a download; without it the build makes its own.
  if (fs.existsSync(BUILD_SUITE_CACHE)) fs.cpSync(BUILD_SUITE_CACHE, path.join(server.dataDir, "build-cache"), { recursive: true });
});

keepServerOutputOnFailure(() => server);

test.afterAll(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const SCRIPT = '#!/bin/sh\nset -eu\nprintf "%s\\n" "$@" > /etc/wizard-marker\n';

async function saveAndContinue(page: Page) {
  await page.getByRole("button", { name: "Save and continue" }).click();
}

test("build from Debian 12 with a package and a script, watch it, sign in the browser, publish, see the boot badge", async ({ page }) => {
  await signIn(page, server.url, USER, PASSWORD);
  await page.getByRole("button", { name: "Build an image" }).click();
  await expect(page).toHaveURL(/\/create\/dr_[A-Za-z0-9_-]{16}\/base$/);
  const draftUrl = page.url().replace(/\/base$/, "");

  // Step 1: the base. The Marketplace search is there too (an empty site finds nothing it accepts).
  await page.getByLabel(/An appliance of this Marketplace/).check();
  await page.getByRole("button", { name: "Search the Marketplace" }).click();
  await expect(page.getByText("No valid appliance this site accepts as a base matches.")).toBeVisible();
  await page.getByLabel(/Debian 12 \(bookworm\) from scratch/).check();
  await photograph(page, "base");
  await saveAndContinue(page);
  await expect(page).toHaveURL(`${draftUrl}/software`);

  // Step 2: an unknown package is refused by the server, beside the field.
  const packageField = page.getByLabel("Add a Debian package");
  await packageField.fill("no-such-package-in-debian");
  await packageField.press("Enter");
  await saveAndContinue(page);
  await expect(page.locator("#package-name-error")).toContainText('no package "no-such-package-in-debian"');
  await page.getByRole("button", { name: "Remove no-such-package-in-debian" }).click();
  await packageField.fill("hello");
  await packageField.press("Enter");
  await expect(page.getByRole("list", { name: "Packages to install" })).toContainText("hello");

  // A script: an oversize file is refused beside the field, then one pasted with two arguments.
  await page.getByRole("button", { name: "Add a script" }).click();
  const big = path.join(work, "big.sh");
  fs.writeFileSync(big, `#!/bin/sh\n${"# padding\n".repeat(30_000)}`);
  await page.getByLabel("Or load it from a file").setInputFiles(big);
  await expect(page.locator("#script-0-content-error")).toContainText("a script is at most 256 KiB");
  await page.getByLabel("File name").fill("configure.sh");
  await page.getByLabel("Script", { exact: true }).fill(SCRIPT);
  await page.getByLabel("Arguments, one per line").fill("first\ntwo words");
  await page.getByLabel(/^Bootable/).check();
  await photograph(page, "software");
  await saveAndContinue(page);
  await expect(page).toHaveURL(`${draftUrl}/build`);

  // Step 3: a refresh keeps what was chosen; the build starts and is followed live.
  await page.reload();
  await expect(page.getByText("hello", { exact: true })).toBeVisible();
  await page.getByLabel("Title of the image").fill("Wizard-built hello appliance");
  await photograph(page, "build-ready");
  await page.getByRole("button", { name: "Start the build" }).click();
  await expect(page.getByLabel("Build log")).toContainText(":: resolve-base", { timeout: 120_000 });

  // A refresh in the middle of the build finds it running, and the stream goes on.
  await expect(page.getByTestId("build-status")).toContainText(/Packages and scripts|Disk|Formats|Boot test|failed/, {
    timeout: 15 * 60_000,
  });
  await photograph(page, "building");
  await page.reload();
  await expect(page).toHaveURL(`${draftUrl}/build`);
  await expect(page.getByLabel("Build log")).toContainText(":: ", { timeout: 60_000 });
  await expect(page.getByTestId("build-status")).toHaveText(/^(succeeded|failed|cancelled)$/, { timeout: 30 * 60_000 });
  expect(await page.getByTestId("build-status").textContent(), await page.getByLabel("Build log").innerText()).toBe("succeeded");
  await expect(page.getByText(/Boot test passed in \d+ s/)).toBeVisible();
  await photograph(page, "built");
  const imageLink = page.locator('a[href*="/api/v1/builds/"][href*="/artifacts/"]').first();
  const location = await imageLink.getAttribute("href");
  expect(location).toBeTruthy();
  await page.getByRole("button", { name: "Describe the image" }).click();
  await expect(page).toHaveURL(`${draftUrl}/metadata`);

  // Step 4: the description starts from the build; the validity is chosen.
  await expect(page.getByLabel("Title")).toHaveValue("Wizard-built hello appliance");
  await expect(page.getByLabel("Disk format")).toHaveValue("qcow2");
  await page.getByRole("button", { name: "12 months" }).click();
  await expect(page.getByLabel("Metadata preview")).toContainText(location!);
  await photograph(page, "metadata");
  await saveAndContinue(page);
  await expect(page).toHaveURL(`${draftUrl}/sign`);

  // Step 5: signed in the browser with a PKCS#12; nothing secret is sent.
  const signer = await signerFor(USER);
  const p12Password = "build and sign in the browser";
  const p12 = makePkcs12(work, signer.keyPem, signer.certPem, p12Password);
  const sent = recordRequests(page);
  const signing = page.getByRole("form", { name: "Sign in the browser" });
  await signing.getByLabel("Your certificate").setInputFiles(p12);
  await signing.getByLabel("Password").fill(p12Password);
  await signing.getByRole("button", { name: "Sign and publish" }).click();
  await expect(page.getByText("Wizard-built hello appliance").first()).toBeVisible({ timeout: 60_000 });
  const pkcs8 = Buffer.from(signer.privateKey.export({ type: "pkcs8", format: "der" }));
  expect(sent.length).toBeGreaterThan(1);
  for (const [name, secret] of secretPieces(
    [p12Password],
    [
      ["PKCS#12", fs.readFileSync(p12)],
      ["key", pkcs8],
    ],
  )) {
    expect(
      sent.some((body) => body.includes(secret)),
      name,
    ).toBe(false);
  }

  // The entry: listed, with its boot badge, and its location serves the image that was built.
  await page.goto(`${server.url}/metadata?q=${encodeURIComponent("Wizard-built hello appliance")}`);
  await page.locator('a[href^="/metadata/"]', { hasText: "Wizard-built hello appliance" }).first().click();
  await expect(page.getByText("Boots and contextualizes").first()).toBeVisible();
  await photograph(page, "entry");
  const served = Buffer.from(await (await fetch(location!)).arrayBuffer());
  expect(page.url()).toContain(`/metadata/${sha1ToIdentifier(createHash("sha1").update(served).digest("hex"))}/`);
});
