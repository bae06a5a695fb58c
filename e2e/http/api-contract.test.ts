/**
 * The JSON API's read replies are the contract's, field for field (issue 8, item 7): the real replies
 * of the index, the listing, one entry, the endorsers, an endorser's history and tags, and the facets parse with
 * the strict response schemas the OpenAPI components are generated from, so a field added to a reply
 * without its schema (or one the schema promises and the reply drops) fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { identifierOf, JANE_EMAIL } from "@/db/testing/signed-entries";
import { apiIndexSchema } from "@/lib/entries/api-responses";
import { endorserHistorySchema, endorserListSchema, endorserTagsSchema, facetsSchema } from "@/lib/entries/endorser-schemas";
import { entryReplySchema, listPageSchema } from "@/lib/entries/entry-schemas";
import { request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

let server: MarketplaceServer;

beforeAll(async () => {
  const documents = await Promise.all([
    // Every optional field of a listing card present...
    signedDocument({
      image: "contract full",
      created: "2026-05-01T00:00:00Z",
      title: "Contract appliance",
      description: "every field",
      os: "Ubuntu",
      osVersion: "24.04",
      arch: "x86_64",
      kind: "machine",
      tag: "contract-tag",
      locations: ["https://example.org/contract.img.gz"],
    }),
    // ...an older entry of the same image (related, not latest), and a deprecated one without a location.
    signedDocument({ image: "contract full", created: "2026-04-01T00:00:00Z", title: "Contract appliance, older" }),
    signedDocument({ image: "contract bare", created: "2026-05-02T00:00:00Z", deprecated: "superseded", locations: [] }),
  ]);
  server = await startMarketplace();
  // The older entry first: an upload older than the latest entry is refused.
  for (const document of [documents[1]!, documents[0]!, documents[2]!]) {
    const stored = await uploadXml(server.url, document);
    expect(stored.status, stored.text).toBe(201);
  }
}, 120_000);
afterAll(() => server?.stop());

async function reply<T extends z.ZodType>(path: string, schema: T): Promise<{ body: unknown; parsed: z.infer<T> }> {
  const answer = await request(`${server.url}${path}`, { headers: { Accept: "application/json" } });
  expect(answer.status, path).toBe(200);
  const body: unknown = JSON.parse(answer.text);
  const result = schema.safeParse(body);
  expect(result.error?.issues, path).toBeUndefined();
  return { body, parsed: result.data as z.infer<T> };
}

const key = (created: string) => `${identifierOf("contract full")}/${JANE_EMAIL}/${created}`;

describe("the JSON API's read replies parse with the strict response schemas", () => {
  it("the listing, with and without a next page", async () => {
    const { parsed } = await reply("/api/v1/entries?status=all", listPageSchema);
    expect(parsed.items.length).toBe(2);
    expect(parsed.items.some((item) => item.tag === "contract-tag" && item.status === "valid")).toBe(true);
    expect(parsed.items.some((item) => item.status === "deprecated")).toBe(true);
    const paged = await reply("/api/v1/entries?status=all&pageSize=1", listPageSchema);
    expect(paged.parsed.nextCursor).toEqual(expect.any(String));
    await reply(`/api/v1/entries?status=all&pageSize=1&cursor=${encodeURIComponent(paged.parsed.nextCursor!)}`, listPageSchema);
    await reply(`/api/v1/entries?created=2026-04-01T00:00:00Z&identifier=${identifierOf("contract full")}`, listPageSchema);
  });

  it("one entry, with its metadata, signature, trust and related entries", async () => {
    const { parsed } = await reply(`/api/v1/entries/${key("2026-05-01T00:00:00Z")}`, entryReplySchema);
    expect(parsed.metadata.alternative).toBe("contract-tag");
    expect(parsed.signature.certificate.pem).toContain("BEGIN CERTIFICATE");
    expect(parsed.related.map((entry) => entry.created).sort()).toEqual(["2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"]);
    await reply(`/api/v1/entries/${key("2026-04-01T00:00:00Z")}`, entryReplySchema);
  });

  it("the endorsers, an endorser's history (a number of days and all) and tags", async () => {
    const endorsers = await reply("/api/v1/endorsers", endorserListSchema);
    expect(endorsers.parsed.items.map((endorser) => endorser.email)).toEqual([JANE_EMAIL]);
    const all = await reply(`/api/v1/endorsers/${JANE_EMAIL}/history?days=all`, endorserHistorySchema);
    expect(all.parsed).toMatchObject({ email: JANE_EMAIL, days: "all" });
    expect(all.parsed.items.length).toBe(3);
    await reply(`/api/v1/endorsers/${JANE_EMAIL}/history`, endorserHistorySchema);
    await reply(`/api/v1/endorsers/nobody@example.org/history?days=7`, endorserHistorySchema);
    const tags = await reply(`/api/v1/endorsers/${JANE_EMAIL}/tags`, endorserTagsSchema);
    expect(tags.parsed.tags).toEqual(["contract-tag"]);
  });

  it("the index of the API", async () => {
    const { parsed } = await reply("/api/v1", apiIndexSchema);
    expect(parsed.links.openapi.href).toBe(`${server.url}/api/v1/openapi.json`);
    // Every link without parameters answers a visitor's GET: 200, 401 where an account is needed, 405 where
    // only POST is served (never 404).
    const expected = (name: string) =>
      ["tokens", "pending", "users", "audit", "builds", "subscriptions"].includes(name)
        ? 401
        : ["disks", "contextDisks"].includes(name)
          ? 405
          : 200;
    for (const [name, { href }] of Object.entries(parsed.links).filter(([, l]) => !l.href.includes("{"))) {
      const status = (await request(href, { headers: { Accept: "application/json" } })).status;
      expect([name, status]).toEqual([name, expected(name)]);
    }
  });

  it("the facets", async () => {
    const { parsed } = await reply("/api/v1/facets", facetsSchema);
    expect(parsed.os).toEqual(["Ubuntu"]);
    expect(parsed.endorsers.map((endorser) => endorser.email)).toEqual([JANE_EMAIL]);
  });
});
