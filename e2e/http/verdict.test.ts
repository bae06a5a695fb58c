/**
 * "May this image run here?" over HTTP and from the CLI (issue 12): a server started with a site policy
 * in the original policy.cfg format plus our sections (an endorser and an image blacklisted, only
 * trusted certificates, 30 days of validity left), over real signed uploads: the latest entry of each
 * endorser decides, deprecated and expired entries and an unknown image are refused with the reason,
 * the image's own checksum is compared, bad parameters are a 400, a bad policy file stops the start,
 * and `marketplace check-image` exits 0, 1 or 2 with the same reasons.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifierOf } from "@/db/testing/signed-entries";
import { POLICY_REFUSAL } from "@/lib/entries/verdict";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { createTestLeaf } from "@/lib/metadata/pki/testing/test-pki";
import { request, uploadFixture, uploadXml } from "./client";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument, testSigners } from "./signed-documents";

const JANE = "jane.tester@example.org";
const CLI = path.join(packageRoot(), "bin", "marketplace.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verdict-"));
const GOOD = identifierOf("good image");
const BANNED = identifierOf("banned image");
const SHORT = identifierOf("short image");
const OLD = identifierOf("old image");
const EXPIRED = identifierOf("expired image");
const SELF = identifierOf("self-signed image");
const UNKNOWN = identifierOf("never uploaded");
let server: MarketplaceServer;

beforeAll(async () => {
  const { ca } = await testSigners();
  const selfSigned = await createTestLeaf({
    subject: "CN=Self Signer, O=Nowhere, C=EU",
    email: "self@example.org",
    notBefore: new Date("2000-01-01T00:00:00Z"),
  });
  const soon = formatMetadataDate(new Date(Date.now() + 10 * 24 * 3600 * 1000));
  const documents = [
    await signedDocument({ image: "good image", created: "2026-01-01T00:00:00Z" }),
    await signedDocument({ image: "good image", created: "2026-01-01T00:00:00Z", email: "hackers@example.org" }),
    await signedDocument({ image: "banned image", created: "2026-01-01T00:00:00Z" }),
    await signedDocument({ image: "short image", created: "2026-01-01T00:00:00Z", valid: soon }),
    await signedDocument({ image: "old image", created: "2026-01-01T00:00:00Z" }),
    await signedDocument({ image: "old image", created: "2026-02-01T00:00:00Z", deprecated: "superseded by good image" }),
    await signedDocument({ image: "expired image", created: "2026-01-01T00:00:00Z", valid: "2026-06-01T00:00:00Z" }),
    await signedDocument({ image: "self-signed image", created: "2026-01-01T00:00:00Z", signer: selfSigned, email: "self@example.org" }),
  ];
  fs.mkdirSync(path.join(dir, "ca"));
  fs.writeFileSync(path.join(dir, "ca", "test-ca.pem"), ca.certPem);
  // The original's own file, as its installer wrote it, with our two sections after it.
  fs.writeFileSync(
    path.join(dir, "policy.cfg"),
    `[validatemetadatafile]\nactivate = True\n\n[endorsers]\nwhitelistendorsers =\nblacklistendorsers = hackers@example.org\n\n[images]\nblacklistimages = ${BANNED}\n\n[checksums]\nblacklistchecksums =\n\n[trust]\nlabels = trusted\n\n[validity]\nminimumdays = 30\n`,
  );
  server = await startMarketplace({ SITE_POLICY: path.join(dir, "policy.cfg"), CA_DIR: path.join(dir, "ca") });
  // A reference file of the original first: its self-signed key is Jane's first, the test CA's then joins as trusted.
  expect((await uploadFixture(server.url, "valid-indate-signature.xml")).status).toBe(201);
  for (const document of documents) expect((await uploadXml(server.url, document)).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function verdict(query: Record<string, string>) {
  const reply = await request(`${server.url}/api/v1/verdict?${new URLSearchParams(query)}`);
  return { status: reply.status, cache: reply.headers.get("cache-control"), body: JSON.parse(reply.text) };
}

function marketplace(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, "--marketplace-endpoint", server.url], {
      env: { PATH: process.env.PATH ?? "", HOME: dir, NODE_ENV: "production" },
    });
    let [stdout, stderr] = ["", ""];
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the verdict API", () => {
  it("allows an image through the entries that pass, and says why for each", async () => {
    const { status, cache, body } = await verdict({ identifier: GOOD });
    expect([status, cache]).toEqual([200, "no-store"]);
    expect(body.allowed).toBe(true);
    expect(body.entries.map((e: { email: string }) => e.email)).toEqual([JANE]);
    expect(body.reasons).toContain("email endorser hackers@example.org is blacklisted, rejecting entry");
    expect(body.reasons).toContain(`email endorser ${JANE} is not blacklisted, keeping entry`);
    expect(body.reasons).toContain(`certificate of ${JANE} is trusted CA, accepted, keeping entry`);
    expect(body.reasons.at(-1)).toBe(`entry by ${JANE} stays valid until 2030-01-01T00:00:00Z, at least 30 days, keeping entry`);
  });

  it("refuses, with the original's last word, what a section of the policy rejects", async () => {
    const cases: [string, string][] = [
      [BANNED, `image identifier ${BANNED} is blacklisted, rejecting entry`],
      [SELF, "certificate of self@example.org is self-signed, the site accepts only trusted CA, rejecting entry"],
      [SHORT, `less than the 30 days the site requires, rejecting entry`],
    ];
    for (const [identifier, reason] of cases) {
      const { status, body } = await verdict({ identifier });
      expect(status, identifier).toBe(200);
      expect(body.allowed, identifier).toBe(false);
      expect(body.entries).toEqual([]);
      expect(body.reasons, identifier).toEqual(expect.arrayContaining([expect.stringContaining(reason)]));
      expect(body.reasons.at(-1)).toBe(POLICY_REFUSAL);
    }
  });

  it("decides on the latest entry: a deprecation refuses the image; so does expiry", async () => {
    const old = (await verdict({ identifier: OLD })).body;
    expect(old.reasons).toEqual([
      `entry by ${JANE} of 2026-02-01T00:00:00Z is deprecated (superseded by good image), rejecting entry`,
      POLICY_REFUSAL,
    ]);
    expect((await verdict({ identifier: EXPIRED })).body.reasons[0]).toBe(
      `entry by ${JANE} of 2026-01-01T00:00:00Z expired on 2026-06-01T00:00:00Z, rejecting entry`,
    );
    // The reference file of the original, expired since 2016.
    const reference = (await verdict({ identifier: "BEE8-MMAw-Lk_IgsEExAy3d9R8h" })).body;
    expect(reference).toMatchObject({
      allowed: false,
      reasons: [expect.stringContaining("expired on 2016-03-05T14:12:57Z"), POLICY_REFUSAL],
    });
  });

  it("answers an unknown image with the reason", async () => {
    expect((await verdict({ identifier: UNKNOWN })).body).toEqual({
      allowed: false,
      entries: [],
      reasons: [`no metadata entry for image ${UNKNOWN}`, POLICY_REFUSAL],
    });
  });

  it("compares the image's own checksum with the signed one", async () => {
    const sha1 = createHash("sha1").update("good image").digest("hex");
    expect((await verdict({ identifier: GOOD, checksum: `sha1:${sha1}` })).body.allowed).toBe(true);
    const other = (await verdict({ identifier: GOOD, checksum: `sha1:${"0".repeat(40)}` })).body;
    expect(other.allowed).toBe(false);
    expect(other.reasons).toContain(`SHA-1 checksum of the image differs from the one the entry by ${JANE} signs, rejecting entry`);
    const none = (await verdict({ identifier: GOOD, checksum: `sha512:${"0".repeat(128)}` })).body;
    expect(none.reasons).toContain(`the entry by ${JANE} signs no SHA-512 checksum to compare with, rejecting entry`);
  });

  it("refuses malformed parameters with a 400 that says what is wrong", async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, "identifier"],
      [{ identifier: "not-an-identifier" }, "an image identifier is 27 characters"],
      [{ identifier: GOOD, checksum: "sha512:abc" }, "a SHA-512 digest has 128 hex digits, not 3"],
      [{ identifier: GOOD, checksum: "crc:00" }, "checksum must be <algorithm>:<hex digest>"],
      [{ identifier: GOOD, site: "x" }, "unknown parameter site"],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await verdict(query);
      expect(status, JSON.stringify(query)).toBe(400);
      expect(body.error.message).toContain(message);
    }
  });

  it("will not start on a policy file it cannot understand", async () => {
    fs.writeFileSync(path.join(dir, "typo.cfg"), "[endorsers]\nblacklistendorser = hackers@example.org\n");
    await expect(startMarketplace({ SITE_POLICY: path.join(dir, "typo.cfg") })).rejects.toThrow(
      /SITE_POLICY: the policy file .*typo\.cfg: unknown option "blacklistendorser" in \[endorsers\]/,
    );
  }, 60_000);
});

describe("marketplace check-image", () => {
  it("exits 0 for an allowed image, printing the reasons", async () => {
    const run = await marketplace(["check-image", GOOD]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toContain(`email endorser ${JANE} is not blacklisted, keeping entry\n`);
    expect((await marketplace(["--quiet", "check-image", GOOD])).stdout).toBe("");
  });

  it("exits 1 for a refused or unknown image, the reasons on stderr ending with the original's message", async () => {
    for (const identifier of [BANNED, OLD, UNKNOWN]) {
      const run = await marketplace(["check-image", identifier]);
      expect([run.code, run.stdout], identifier).toEqual([1, ""]);
      expect(run.stderr.trimEnd().split("\n").at(-1)).toBe(POLICY_REFUSAL);
    }
    const mismatch = await marketplace(["check-image", GOOD, "--checksum", `sha1:${"0".repeat(40)}`]);
    expect(mismatch.code).toBe(1);
  });

  it("prints the JSON answer with --json, with the same exit code", async () => {
    const run = await marketplace(["check-image", BANNED, "--json"]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual((await verdict({ identifier: BANNED })).body);
  });

  it("exits 2 on arguments it cannot use, without asking the server", async () => {
    const bad = await marketplace(["check-image", "nope"]);
    expect([bad.code, bad.stderr]).toEqual([2, "marketplace: nope is not an image identifier (27 characters of A-Z, a-z, 0-9, - and _)\n"]);
    const checksum = await marketplace(["check-image", GOOD, "--checksum", "sha512:abc"]);
    expect([checksum.code, checksum.stderr]).toEqual([2, "marketplace: --checksum: a SHA-512 digest has 128 hex digits, not 3\n"]);
  });
});
