/**
 * What a new user hit (issue 7, items 7-10) as HTTP clients see it: the small gaps (favicon,
 * robots.txt, unknown endorsers, all of an endorser's entries, the API index), one rule for
 * parameters (the JSON API refuses unknown values and parameters with a 400 naming them, the pages
 * fall back visibly, the original protocol keeps its own rules), uploads that say "already stored"
 * alike on every interface, the dry run, and search by checksum.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifierOf } from "@/db/testing/signed-entries";
import { apiErrorSchema, dryRunReportSchema, uploadResultSchema } from "@/lib/entries/api-responses";
import { request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const OLD_EMAIL = "old.timer@example.org";
const IMAGE = "checksummed image";
const digest = (algorithm: string) => createHash(algorithm).update(IMAGE).digest("hex");

/** The entry's image with all four checksums (the test entries carry only SHA-1). */
function withChecksums(draft: string): string {
  const extra = (
    [
      ["MD5", "md5"],
      ["SHA-256", "sha256"],
      ["SHA-512", "sha512"],
    ] as const
  )
    .map(
      ([name, algorithm]) =>
        `<slreq:checksum rdf:parseType="Resource"><slreq:algorithm>${name}</slreq:algorithm><slreq:value>${digest(algorithm)}</slreq:value></slreq:checksum>`,
    )
    .join("");
  return draft.replace("</slreq:checksum>", `</slreq:checksum>${extra}`);
}

let server: MarketplaceServer;
let checksummed: string;
let oldEntry: string;
let fresh: string;
let invalid: string;
const json = { Accept: "application/json" };

beforeAll(async () => {
  [checksummed, oldEntry, fresh] = await Promise.all([
    signedDocument({ image: IMAGE, created: "2026-06-01T00:00:00Z", title: "Checksummed appliance", transform: withChecksums }),
    signedDocument({ image: "an old one", created: "2020-01-01T00:00:00Z", email: OLD_EMAIL, title: "Old appliance" }),
    signedDocument({ image: "dry run image", created: "2026-06-02T00:00:00Z", title: "Dry run appliance" }),
  ]);
  invalid = fresh.replace("<slreq:bytes>1048576</slreq:bytes>", "<slreq:bytes>-1</slreq:bytes>");
  server = await startMarketplace();
  expect((await uploadXml(server.url, checksummed)).status).toBe(201);
  expect((await uploadXml(server.url, oldEntry)).status).toBe(201);
}, 120_000);
afterAll(() => server?.stop());

describe("small gaps", () => {
  it("serves favicon.ico and robots.txt", async () => {
    const icon = await request(`${server.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\//);
    const robots = await request(`${server.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(robots.text).toMatch(/User-Agent: \*/i);
  });

  it("answers the page of an unknown endorser with 404", async () => {
    const page = await request(`${server.url}/endorsers/nobody@example.org`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(404);
    expect((await request(`${server.url}/endorsers/${OLD_EMAIL}`, { headers: { Accept: "text/html" } })).status).toBe(200);
  });

  it("shows all of an endorser's entries on request, not only the last 30, 60 or 90 days", async () => {
    const recent = await request(`${server.url}/endorsers/${OLD_EMAIL}`, { headers: { Accept: "text/html" } });
    expect(recent.text).not.toContain(identifierOf("an old one"));
    const all = await request(`${server.url}/endorsers/${OLD_EMAIL}?range=all`, { headers: { Accept: "text/html" } });
    expect(all.status).toBe(200);
    expect(all.text).toContain(identifierOf("an old one"));
    const api = JSON.parse((await request(`${server.url}/api/v1/endorsers/${OLD_EMAIL}/history?days=all`)).text) as {
      items: Array<{ identifier: string }>;
    };
    expect(api.items.map((i) => i.identifier)).toEqual([identifierOf("an old one")]);
  });

  it("answers /api/v1 with an index of the API", async () => {
    for (const path of ["/api/v1", "/api/v1/"]) {
      const reply = await request(`${server.url}${path}`);
      expect(reply.status, path).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
      const index = JSON.parse(reply.text) as { links: Record<string, { href: string }> };
      expect(index.links.openapi?.href).toBe(`${server.url}/api/v1/openapi.json`);
      expect(index.links.entries?.href).toBe(`${server.url}/api/v1/entries`);
      expect((await request(index.links.openapi!.href)).status).toBe(200);
    }
  });
});

describe("parameters: one rule", () => {
  it("the JSON API refuses an unknown value with a 400 naming the parameter", async () => {
    for (const [query, name] of [
      ["status=bogus", "status"],
      ["sort=bogus", "sort"],
      ["pageSize=0", "pageSize"],
      ["location=moon", "location"],
    ] as const) {
      const reply = await request(`${server.url}/api/v1/entries?${query}`);
      expect(reply.status, query).toBe(400);
      const body = JSON.parse(reply.text) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message, query).toContain(name);
    }
    const days = await request(`${server.url}/api/v1/endorsers/${OLD_EMAIL}/history?days=bogus`);
    expect(days.status).toBe(400);
    expect(days.text).toContain("days");
  });

  it("the JSON API refuses a parameter it does not have, naming it", async () => {
    for (const [path, name] of [
      ["/api/v1/entries?limit=5", "limit"],
      ["/api/v1/entries?media=bogus", "media"],
      ["/api/v1/facets?os=x", "os"],
      ["/api/v1/endorsers?page=2", "page"],
    ] as const) {
      const reply = await request(`${server.url}${path}`);
      expect(reply.status, path).toBe(400);
      expect(reply.text, path).toContain(`unknown parameter ${name}`);
    }
  });

  it("accepts every value it documents", async () => {
    for (const status of ["valid", "expired", "deprecated", "all"]) {
      expect((await request(`${server.url}/api/v1/entries?status=${status}`)).status, status).toBe(200);
    }
    const all = JSON.parse((await request(`${server.url}/api/v1/entries?status=all&pageSize=5`)).text) as {
      total: number;
      pageSize: number;
    };
    expect(all).toMatchObject({ total: 2, pageSize: 5 });
  });

  it("the original protocol keeps its own rules: an unknown status is no status filter, unknown parameters are ignored", async () => {
    const reply = await request(`${server.url}/metadata?status=bogus&limit=5`, { headers: { Accept: "application/xml" } });
    expect(reply.status).toBe(200);
    expect(reply.text.match(/<rdf:RDF[\s>]/g)?.length).toBe(2);
  });

  it("the listing page falls back visibly", async () => {
    const page = await request(`${server.url}/metadata?status=bogus&pageSize=2&sort=nonsense`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text).toContain("unknown status ‘bogus’, showing valid entries");
    expect(page.text).toContain("unsupported page size ‘2’, showing 20 per page");
    expect(page.text).toContain("unknown sort ‘nonsense’, sorted by date");
  });
});

describe("uploads", () => {
  it("a dry run reports every problem and stores nothing, on the API and the original endpoint", async () => {
    const bad = await request(`${server.url}/api/v1/entries?dryRun=true`, {
      method: "POST",
      headers: { "Content-Type": "application/xml", ...json },
      body: invalid,
    });
    expect(bad.status).toBe(200);
    const report = JSON.parse(bad.text) as { dryRun: boolean; valid: boolean; problems: Array<{ code: string }> };
    expect(report).toMatchObject({ dryRun: true, valid: false });
    // The body is the contract's, field for field (parsing drops any field the schema lacks).
    expect(dryRunReportSchema.parse(report)).toEqual(report);
    expect(report.problems.length).toBeGreaterThanOrEqual(2);
    const good = JSON.parse(
      (
        await request(`${server.url}/api/v1/entries?dryRun=true`, {
          method: "POST",
          headers: { "Content-Type": "application/xml", ...json },
          body: fresh,
        })
      ).text,
    );
    expect(good).toMatchObject({ dryRun: true, valid: true, outcome: "would-create", title: "Dry run appliance", trust: "unknown-ca" });
    expect(dryRunReportSchema.parse(good)).toEqual(good);
    const original = await request(`${server.url}/metadata?dryRun=true`, {
      method: "POST",
      headers: { "Content-Type": "application/xml", Accept: "application/xml" },
      body: fresh,
    });
    expect(original.status).toBe(200);
    expect(original.text).toContain("metadata valid: not stored (dry run)");
    const listed = JSON.parse((await request(`${server.url}/api/v1/entries?status=all`)).text) as { total: number };
    expect(listed.total).toBe(2);
    const unknownValue = await request(`${server.url}/api/v1/entries?dryRun=maybe`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: fresh,
    });
    expect(unknownValue.status).toBe(400);
    expect(unknownValue.text).toContain("dryRun");
    expect(apiErrorSchema.parse(JSON.parse(unknownValue.text))).toEqual(JSON.parse(unknownValue.text));
  });

  it("names the entry's title and trust label on success, and says 'already stored' alike on every interface", async () => {
    const stored = JSON.parse(
      (await request(`${server.url}/api/v1/entries`, { method: "POST", headers: { "Content-Type": "application/xml" }, body: fresh })).text,
    );
    expect(stored).toMatchObject({
      outcome: "created",
      title: "Dry run appliance",
      trust: "unknown-ca",
      message: "metadata entry created",
    });
    expect(uploadResultSchema.parse(stored)).toEqual(stored);
    const again = await request(`${server.url}/api/v1/entries`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: fresh,
    });
    expect(again.status).toBe(200);
    const sentence = "metadata entry already stored: this exact file was uploaded before, nothing changed";
    expect(JSON.parse(again.text)).toMatchObject({ outcome: "unchanged", message: sentence });
    const original = await uploadXml(server.url, fresh);
    expect(original.status).toBe(201);
    expect(original.text).toBe(sentence);
    const html = await request(`${server.url}/metadata`, {
      method: "POST",
      headers: { "Content-Type": "application/xml", Accept: "text/html" },
      body: fresh,
    });
    expect(html.text).toContain(sentence);
  });

  it("answers the no-JavaScript form with a page like the others: the site's header, the entry's title and trust", async () => {
    const form = new FormData();
    form.append("Metadata File", new Blob([invalid], { type: "application/xml" }), "bad.xml");
    const refused = await request(`${server.url}/metadata`, { method: "POST", headers: { Accept: "text/html" }, body: form });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Appliance Marketplace");
    expect(refused.text).toContain('href="/upload"');
    expect(refused.text.match(/<li/g)?.length).toBeGreaterThanOrEqual(2);
    const again = new FormData();
    again.append("Metadata File", new Blob([checksummed], { type: "application/xml" }), "good.xml");
    const stored = await request(`${server.url}/metadata`, { method: "POST", headers: { Accept: "text/html" }, body: again });
    expect(stored.status).toBe(201);
    expect(stored.text).toContain("Appliance Marketplace");
    expect(stored.text).toContain("Checksummed appliance");
    expect(stored.text).toContain("unknown CA");
    expect(stored.text).toContain("metadata entry already stored");
  });
});

describe("search by checksum", () => {
  it("finds the entry by its MD5, SHA-1, SHA-256 or SHA-512, in either case, and by its identifier", async () => {
    for (const q of [
      digest("md5"),
      digest("sha1"),
      digest("sha256"),
      digest("sha512"),
      digest("sha256").toUpperCase(),
      identifierOf(IMAGE),
    ]) {
      const page = JSON.parse((await request(`${server.url}/api/v1/entries?q=${encodeURIComponent(q)}`)).text) as {
        items: Array<{ title: string }>;
      };
      expect(
        page.items.map((i) => i.title),
        q,
      ).toEqual(["Checksummed appliance"]);
    }
    const none = JSON.parse((await request(`${server.url}/api/v1/entries?q=${"0".repeat(63)}1`)).text) as { total: number };
    expect(none.total).toBe(0);
  });
});
