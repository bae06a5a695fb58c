/**
 * The entry page's boot badge (issue 10): an entry whose signed SHA-256 is the checksum of an image
 * this Marketplace built and boot-tested says "Boots and contextualizes" (or "Boot test failed"); an
 * entry of bytes we never booted says nothing of the kind.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/db";
import { builds } from "@/db/schema";
import { signerFor } from "@/db/testing/signed-entries";
import { entryPath } from "@/lib/entries/entry-urls";
import { credentialsOf } from "@/lib/metadata/__tests__/signing-helpers";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { buildSkeleton } from "@/lib/metadata/image/skeleton";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { request, uploadXml } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { MarketplaceServer } from "./marketplace-server";

const EMAIL = "jane.tester@example.org";
let database: FreshDatabase;
let server: MarketplaceServer;

const image = (what: string) => {
  const hash = (algorithm: string) => createHash(algorithm).update(what).digest("hex");
  return { sha1: hash("sha1"), sha256: hash("sha256"), sha512: hash("sha512"), md5: hash("md5") };
};

beforeAll(async () => {
  database = await freshDatabase();
  await database.use(async ({ db }) => {
    const owner = await createUser({ email: "builder@example.org", password: "a long enough phrase", verified: true });
    const built = (what: string, passed: boolean) => ({
      ownerId: owner.id,
      status: "succeeded" as const,
      baseUrl: "http://127.0.0.1/",
      recipe: { context: ["stratuslab", "cloud-init"] },
      artifacts: [{ name: "image-0123456789ab.qcow2", format: "qcow2", bytes: 1024, ...image(what) }],
      boot: { passed, seconds: 41.2, detail: "markers seen" },
      finishedAt: new Date("2026-11-30T12:00:00Z"),
    });
    await db.insert(builds).values([
      { id: "b_bootsFineAAAAAAA", ...built("boots", true) },
      { id: "b_bootsBadlyAAAAAA", ...built("fails", false) },
    ]);
  });
  server = await database.start();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
});

let uploads = 0;

async function entryPage(what: string, withSha256: boolean): Promise<string> {
  const { sha1, sha256 } = image(what);
  const identifier = sha1ToIdentifier(sha1);
  const skeleton = buildSkeleton({
    checksums: { bytes: 1024n, sha1, identifier, ...(withSha256 ? { sha256 } : {}) },
    locations: [`https://images.example.org/${identifier}.qcow2`],
    format: "qcow2",
    title: `Appliance ${what}`,
    valid: new Date("2030-01-01T00:00:00Z"),
  });
  // Each upload later than the last: a second entry of one image must be newer than the first.
  const created = `2026-11-30T13:0${uploads++}:00Z`;
  const signed = signMetadata(skeleton, credentialsOf(await signerFor(EMAIL)), { email: EMAIL, now: new Date(created) });
  const upload = await uploadXml(server.url, signed);
  expect(upload.status, upload.text).toBe(201);
  const page = await request(`${server.url}${entryPath({ identifier, email: EMAIL, created })}`, { headers: { Accept: "text/html" } });
  expect(page.status).toBe(200);
  return page.text;
}

describe("the boot badge on an entry page", () => {
  it("says an image we built and booted boots and contextualizes, naming the disks it booted with", async () => {
    const html = await entryPage("boots", true);
    expect(html).toContain("Boots and contextualizes");
    expect(html).toMatch(/booted under QEMU with a _STRATUSLAB disk and a cloud-init seed on 2026-11-30: ready after 41 s/);
  });

  it("says so when the boot test failed", async () => {
    const html = await entryPage("fails", true);
    expect(html).toContain("Boot test failed");
    expect(html).not.toContain("Boots and contextualizes");
  });

  it("says nothing of bytes we never booted, or of an entry that states no SHA-256 or SHA-512", async () => {
    for (const [what, withSha256] of [
      ["never built", true],
      ["boots", false],
    ] as const) {
      const html = await entryPage(what, withSha256);
      expect(html, what).not.toContain("Boots and contextualizes");
      expect(html, what).not.toContain("Boot test failed");
    }
  });
});
