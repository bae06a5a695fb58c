/**
 * The create wizard's "I have an image" path (issue 11), in Chromium against a production server of
 * its own: a signed-in user hashes a local gzip image in the browser (the identifier and the four
 * digests must equal sha1sum, md5sum, sha256sum and sha512sum of the uncompressed file), a refresh in
 * the middle resumes the draft (a bzip2 image is hashed too), bad values are refused beside their field, the unsigned XML is
 * downloaded, signed with the CLI, dropped on the last step, and the new entry is listed. Every step
 * is photographed at desktop and phone width, light and dark (test-results/screens/create/).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { signerFor } from "@/db/testing/signed-entries";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { startMarketplace, type MarketplaceServer } from "./http/marketplace-server";
import { keepServerOutputOnFailure } from "./support/server-output";
import { makePkcs12, photographer, recordRequests, secretPieces, signIn as signInAs } from "./support/wizard";

test.describe.configure({ mode: "serial", timeout: 180_000 });

const USER = "jane.tester@example.org";
const PASSWORD = "a walk in the hills";
const SCREENS = "test-results/screens/create";
let server: MarketplaceServer;
let work: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-create-"));
  // The first admin is the account that signs in: an account without the mail round trip.
  server = await startMarketplace({ ADMIN_EMAIL: USER, ADMIN_PASSWORD: PASSWORD, REMINDERS: "off" });
});

keepServerOutputOnFailure(() => server);

test.afterAll(async () => {
  await server?.stop();
});

const photograph = photographer(SCREENS);
const signIn = (page: Page) => signInAs(page, server.url, USER, PASSWORD);

const sum = (tool: string, file: string) => execFileSync(tool, [file], { encoding: "utf8" }).split(/\s+/)[0]!;

test("hash a gzip image in the browser, describe it, sign it with the CLI and publish it", async ({ page }) => {
  // A few MiB that do not compress to nothing, so the worker reads many chunks.
  const raw = path.join(work, "appliance.img");
  fs.writeFileSync(raw, Buffer.concat([randomBytes(2 * 1024 * 1024), Buffer.alloc(3 * 1024 * 1024, 7)]));
  const gz = path.join(work, "appliance.img.gz");
  fs.writeFileSync(gz, gzipSync(fs.readFileSync(raw)));

  await signIn(page);
  await photograph(page, "start");
  await page.getByRole("button", { name: "Describe my image" }).click();
  await expect(page).toHaveURL(/\/create\/dr_[A-Za-z0-9_-]{16}\/image$/);
  const draftUrl = page.url().replace(/\/image$/, "");

  // Pasted values that are not digests are refused beside their fields (the drafts API refuses them too).
  await page.getByLabel("Size in bytes (uncompressed)").fill("12 MB");
  await page.getByLabel("MD5", { exact: true }).fill("d41d8cd98f00b204e9800998ecf8427");
  await page.getByLabel("SHA-1", { exact: true }).fill("not a checksum");
  await page.getByRole("button", { name: "Use these values" }).click();
  await expect(page.locator("#pasted-bytes-error")).toHaveText("the size in bytes, a whole number");
  await expect(page.locator("#pasted-md5-error")).toHaveText("must be 32 lowercase hex digits");
  await expect(page.locator("#pasted-sha1-error")).toHaveText("must be 40 lowercase hex digits");

  // Step 1: hashing, in a Web Worker; the page never uploads the image.
  const bodies: string[] = [];
  page.on("request", (request) => bodies.push(`${request.url()} ${request.postData() ?? ""}`));
  // bzip2 too, decoded in the worker (a small file: the decoder is slow).
  const small = path.join(work, "small.img");
  fs.writeFileSync(small, Buffer.concat([randomBytes(300 * 1024), Buffer.alloc(700 * 1024, 9)]));
  execFileSync("bzip2", ["-k", "-1", small]);
  await page.locator("#image-file").setInputFiles(`${small}.bz2`);
  await expect(page.getByTestId("hash-identifier")).toHaveText(sha1ToIdentifier(sum("sha1sum", small)), { timeout: 60_000 });
  await expect(page.getByTestId("hash-sha512")).toHaveText(sum("sha512sum", small));

  // An uncompressed image: the same sums.
  await page.locator("#image-file").setInputFiles(small);
  await expect(page.getByTestId("hash-identifier")).toHaveText(sha1ToIdentifier(sum("sha1sum", small)), { timeout: 60_000 });
  for (const [tool, key] of [
    ["md5sum", "md5"],
    ["sha256sum", "sha256"],
    ["sha512sum", "sha512"],
  ] as const) {
    await expect(page.getByTestId(`hash-${key}`)).toHaveText(sum(tool, small));
  }

  await page.locator("#image-file").setInputFiles(gz);
  await expect(page.getByTestId("hash-identifier")).toHaveText(sha1ToIdentifier(sum("sha1sum", raw)), { timeout: 60_000 });
  await expect(page.getByTestId("hash-identifier")).toHaveText(sha1ToIdentifier(sum("sha1sum", raw)));
  for (const [tool, key] of [
    ["md5sum", "md5"],
    ["sha1sum", "sha1"],
    ["sha256sum", "sha256"],
    ["sha512sum", "sha512"],
  ] as const) {
    await expect(page.getByTestId(`hash-${key}`)).toHaveText(sum(tool, raw));
  }
  expect(bodies.join("\n").length).toBeLessThan(1024 * 1024);
  await photograph(page, "image");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(`${draftUrl}/location`);

  // A refresh in the middle resumes the draft.
  await page.reload();
  await expect(page).toHaveURL(`${draftUrl}/location`);
  await page.getByLabel("Location URL").fill("ftp://images.example.org/appliance.img.gz");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByText("only https and http locations are served to clouds, not ftp:")).toBeVisible();
  await page.getByLabel("Location URL").fill("https://images.example.org/appliance.img.gz");
  await photograph(page, "location");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(`${draftUrl}/metadata`);

  // Step 3: the fields, checked as they change; the XML follows.
  await page.getByLabel("Title").fill("E2E wizard appliance");
  await page.getByLabel("Operating system").fill("Debian");
  await page.getByLabel("Last valid day (yyyy-mm-dd)").fill("2026-02-30");
  await page.getByLabel("Last valid day (yyyy-mm-dd)").blur();
  await expect(page.locator("#field-valid-error")).toHaveText("is not a date of the calendar");
  await page.getByRole("button", { name: "12 months" }).click();
  await expect(page.getByLabel("Metadata preview")).toContainText("<dcterms:title>E2E wizard appliance</dcterms:title>");
  await expect(page.getByLabel("Metadata preview")).toContainText(`<slreq:value>${sum("sha512sum", raw)}</slreq:value>`);
  await photograph(page, "metadata");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(`${draftUrl}/sign`);
  await photograph(page, "sign");

  // Step 4: download, sign with the CLI, drop the signed file.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^Download .*\.xml$/ }).click()]);
  const unsigned = path.join(work, "unsigned.xml");
  await download.saveAs(unsigned);
  expect(fs.readFileSync(unsigned, "utf8")).toContain("https://images.example.org/appliance.img.gz");
  const signer = await signerFor(USER);
  const key = path.join(work, "key.pem");
  const cert = path.join(work, "cert.pem");
  fs.writeFileSync(key, signer.privateKey.export({ type: "pkcs8", format: "pem" }));
  fs.writeFileSync(cert, signer.certPem);
  const signed = path.join(work, "signed.xml");
  execFileSync(process.execPath, ["bin/marketplace.mjs", "sign-metadata", "--key", key, "--cert", cert, "-o", signed, unsigned], {
    stdio: "pipe",
  });
  await page.locator("#metadata-file").setInputFiles(signed);
  await page.getByRole("button", { name: /^Upload$/ }).click();
  await expect(page.getByText("E2E wizard appliance").first()).toBeVisible();
  await photograph(page, "published");

  await page.goto(`${server.url}/metadata?q=${encodeURIComponent("E2E wizard appliance")}`);
  await expect(page.locator('a[href^="/metadata/"]', { hasText: "E2E wizard appliance" }).first()).toBeVisible();

  // The draft is in "My drafts" until deleted.
  await page.goto(`${server.url}/create`);
  await expect(page.getByRole("link", { name: "E2E wizard appliance" })).toBeVisible();
  await page.getByRole("button", { name: "Delete the draft E2E wizard appliance" }).click();
  await expect(page.getByText("No drafts yet")).toBeVisible();
});

test("sign in the browser with a PKCS#12: a wrong password is refused beside the field; the key and password never leave the page", async ({
  page,
}) => {
  const image = randomBytes(4096);
  const digest = (algorithm: string) => createHash(algorithm).update(image).digest("hex");
  const identifier = sha1ToIdentifier(digest("sha1"));
  const data = {
    image: {
      fileName: "signed-here.img",
      hashes: {
        bytes: image.length,
        md5: digest("md5"),
        sha1: digest("sha1"),
        sha256: digest("sha256"),
        sha512: digest("sha512"),
        identifier,
        compression: null,
      },
      location: "https://images.example.org/signed-here.img",
    },
    metadata: { title: "Signed in the browser", os: "Debian", osVersion: "12", arch: "x86_64", valid: "2030-01-31" },
  };
  await signIn(page);
  const id = await page.evaluate(
    async (body) => {
      const response = await fetch("/api/v1/drafts", { method: "POST", headers: { "Content-Type": "application/json" }, body });
      return ((await response.json()) as { id: string }).id;
    },
    JSON.stringify({ flow: "image", data }),
  );
  await page.goto(`${server.url}/create/${id}/sign`);

  // The user's PKCS#12, as openssl makes it, with a password.
  const signer = await signerFor(USER);
  const p12Password = "correct horse battery staple";
  const p12 = makePkcs12(work, signer.keyPem, signer.certPem, p12Password);
  const sent = recordRequests(page);

  const signing = page.getByRole("form", { name: "Sign in the browser" });
  await signing.getByLabel("Your certificate").setInputFiles(p12);
  await signing.getByLabel("Password").fill("not the password");
  await signing.getByRole("button", { name: "Sign and publish" }).click();
  await expect(page.locator("#signing-password-error")).toHaveText("error loading certificate (wrong password?)");
  await signing.getByLabel("Password").fill(p12Password);
  await signing.getByRole("button", { name: "Sign and publish" }).click();
  await expect(page.getByText("Signed in the browser").first()).toBeVisible();
  await photograph(page, "signed-in-browser");

  // No request carried the password, the PKCS#12 or the key, in any encoding.
  const pkcs8 = Buffer.from(signer.privateKey.export({ type: "pkcs8", format: "der" }));
  const secrets = secretPieces(
    [p12Password, "not the password"],
    [
      ["PKCS#12", fs.readFileSync(p12)],
      ["key", pkcs8],
    ],
  );
  expect(sent.length).toBeGreaterThan(1);
  for (const [name, secret] of secrets)
    expect(
      sent.some((body) => body.includes(secret)),
      name,
    ).toBe(false);

  // The published document verifies with xmlsec1, the key taken from its own KeyInfo.
  const listed = await (await fetch(`${server.url}/metadata/${identifier}`)).text();
  const created = /<slreq:endorsement[^>]*><dcterms:created>([^<]+)</.exec(listed)?.[1];
  expect(created).toBeTruthy();
  // The entry's own URL serves the stored bytes (the identifier's list wraps them).
  const xml = await (await fetch(`${server.url}/metadata/${identifier}/${USER}/${created}`)).text();
  expect(xml).toContain("<dcterms:title>Signed in the browser</dcterms:title>");
  fs.writeFileSync(path.join(work, "browser-signed.xml"), xml);
  const xmlsec = spawnSync(
    "xmlsec1",
    ["--verify", "--insecure", "--enabled-reference-uris", "empty", "--enabled-key-data", "x509", path.join(work, "browser-signed.xml")],
    { encoding: "utf8" },
  );
  expect(xmlsec.status, xmlsec.stderr).toBe(0);

  // The entry page leads to a build from it.
  await page.goto(`${server.url}/metadata/${identifier}/${USER}/${created}`);
  await photograph(page, "entry-build-from");
  await page.getByRole("link", { name: "Build from this appliance" }).click();
  await expect(page).toHaveURL(`${server.url}/create?base=${identifier}`);
  await expect(page.getByText(`marketplace create-image ${identifier} `)).toBeVisible();
  await photograph(page, "start-from-base");
});
