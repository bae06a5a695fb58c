/**
 * Issue 8, item 2: each rule has one home, so the page, the original protocol's XML, the JSON API and
 * the CLI answer the same question the same way. Tag quotes (lib/entries/tag.ts), the history range
 * (lib/entries/history-range.ts) and entry URLs (lib/entries/entry-urls.ts), with an email that needs
 * percent-encoding.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifierOf } from "@/db/testing/signed-entries";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const run = promisify(execFile);
const EMAIL = "jane+rules@example.org";
const DAY = 24 * 60 * 60 * 1000;
const now = Date.now();
const daysAgo = (days: number) => formatMetadataDate(new Date(now - days * DAY));

/** Four entries 10, 40 and 50 days old, and one tagged `"abc` beside one tagged `abc`. */
const ENTRIES = [
  { image: "ten days", created: daysAgo(10), tag: "abc" },
  { image: "forty days", created: daysAgo(40), tag: '"abc' },
  { image: "fifty days", created: daysAgo(50) },
  { image: "cli upload", created: daysAgo(5) },
] as const;
const id = (image: string) => identifierOf(image);

let server: MarketplaceServer;
let documents: string[];
let work: string;

beforeAll(async () => {
  documents = await Promise.all(ENTRIES.map((entry) => signedDocument({ ...entry, email: EMAIL })));
  server = await startMarketplace();
  for (const xml of documents.slice(0, 3)) expect((await uploadXml(server.url, xml)).status).toBe(201);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "one-rule-"));
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const html = { headers: { Accept: "text/html" } };
const xml = { headers: { Accept: "application/xml" } };

/** The identifiers an HTML page links to as entries. */
function linkedIdentifiers(page: string): string[] {
  return [...new Set([...page.matchAll(/href="\/metadata\/([A-Za-z0-9_-]{27})\//g)].map((m) => m[1]!))].sort();
}

/** The identifiers of a SPARQL results XML document. */
function resultIdentifiers(body: string): string[] {
  return [...body.matchAll(/<binding name="identifier"><literal>([^<]*)<\/literal>/g)].map((m) => m[1]!).sort();
}

/** The identifier of one entry's RDF/XML. */
function aboutIdentifier(body: string): string | undefined {
  return /rdf:about="#([^"]+)"/.exec(body)?.[1];
}

describe("tag mode: surrounding double quotes are stripped, the same way as HTML and XML", () => {
  it.each([
    ["%22abc", '"abc', "forty days"],
    ["%22abc%22", "abc", "ten days"],
    ["abc", "abc", "ten days"],
    ["%22%22abc%22", '"abc', "forty days"],
  ])("/tag/{email}/%s finds the entry tagged %j", async (segment, _tag, image) => {
    const page = await request(`${server.url}/tag/${encodeURIComponent(EMAIL)}/${segment}`, html);
    expect(page.status).toBe(307);
    const location = page.headers.get("location") ?? "";
    expect(location).toContain(`/metadata/${id(image)}/`);
    const original = await request(`${server.url}/tag/${encodeURIComponent(EMAIL)}/${segment}`, xml);
    expect(original.status).toBe(200);
    expect(aboutIdentifier(original.text)).toBe(id(image));
    const rdfJson = await request(`${server.url}/tag/${encodeURIComponent(EMAIL)}/${segment}?media=json`);
    const subjects = Object.keys(JSON.parse(rdfJson.text) as object).filter((subject) => !subject.startsWith("_:"));
    expect(subjects).toEqual([`http://mp.stratuslab.eu/#${id(image)}`]);
    // The same for the original's other spelling, /metadata/{email}?tag=.
    const query = `${server.url}/metadata/${encodeURIComponent(EMAIL)}?tag=${segment}`;
    expect((await request(query, html)).headers.get("location")).toBe(location);
    expect(aboutIdentifier((await request(query, xml)).text)).toBe(id(image));
  });
});

describe("the history range: one window as HTML, XML and JSON", () => {
  const history = `/endorsers/${encodeURIComponent(EMAIL)}`;
  const api = `/api/v1/endorsers/${encodeURIComponent(EMAIL)}/history`;
  const apiIdentifiers = async (query: string) => {
    const reply = await request(`${server.url}${api}${query}`);
    expect(reply.status, query).toBe(200);
    const body = JSON.parse(reply.text) as { days: number | "all"; items: Array<{ identifier: string }> };
    return { days: body.days, identifiers: body.items.map((i) => i.identifier).sort() };
  };

  it.each([
    ["", ["ten days"], 30],
    ["?range=45", ["ten days", "forty days"], 45],
    ["?range=60", ["ten days", "forty days", "fifty days"], 60],
    ["?range=all", ["ten days", "forty days", "fifty days"], "all"],
    ["?range=bogus", ["ten days"], 30],
    ["?range=0", ["ten days"], 30],
  ] as const)("query %j", async (query, images, days) => {
    const expected = images.map(id).sort();
    const page = await request(`${server.url}${history}${query}`, html);
    expect(page.status).toBe(200);
    expect(linkedIdentifiers(page.text)).toEqual(expected);
    const original = await request(`${server.url}${history}${query}`, xml);
    expect(original.status).toBe(200);
    expect(resultIdentifiers(original.text)).toEqual(expected);
    if (query === "?range=bogus" || query === "?range=0") {
      // The JSON API's parameter rule: a value that breaks the range rule is a 400 naming the parameter.
      const refused = await request(`${server.url}${api}${query}`);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain("range");
      return;
    }
    expect(await apiIdentifiers(query)).toEqual({ days, identifiers: expected });
    // `days`, the JSON API's older name of the parameter, means the same.
    if (query) expect(await apiIdentifiers(query.replace("range", "days"))).toEqual({ days, identifiers: expected });
  });

  it("words the window on the page: a typed range is selected, all is not counted in days", async () => {
    const typed = await request(`${server.url}${history}?range=45`, html);
    expect(typed.text).toMatch(/<option value="45" selected="">last 45 days<\/option>/);
    expect(typed.text).toContain("Entries endorsed in the last 45 days, newest first");
    const all = await request(`${server.url}${history}?range=all`, html);
    expect(all.text).toContain("All entries endorsed, newest first");
    expect(all.text).not.toContain("36500");
  });

  it("is documented in OpenAPI as range, with days as its deprecated older name", async () => {
    const spec = JSON.parse((await request(`${server.url}/api/v1/openapi.json`)).text) as {
      paths: Record<string, { get: { parameters: Array<{ name: string; in: string; deprecated?: boolean }> } }>;
    };
    const query = spec.paths["/api/v1/endorsers/{email}/history"]!.get.parameters.filter((p) => p.in === "query");
    expect(query.map((p) => [p.name, p.deprecated ?? false])).toEqual([
      ["range", false],
      ["days", true],
    ]);
  });

  it("refuses range and days together in the JSON API", async () => {
    const reply = await request(`${server.url}${api}?range=45&days=45`);
    expect(reply.status).toBe(400);
  });
});

describe("entry URLs: one address for an email with +", () => {
  const entry = ENTRIES[3];
  const encodedPath = `/metadata/${id(entry.image)}/jane%2Brules@example.org/${entry.created}`;

  let link: string;
  beforeAll(async () => {
    const file = path.join(work, "entry.xml");
    fs.writeFileSync(file, documents[3]!);
    const cli = await run(
      process.execPath,
      [path.join(packageRoot(), "bin", "marketplace.mjs"), "upload-metadata", file, "--marketplace-endpoint", server.url],
      {
        cwd: work,
        env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: work },
      },
    );
    link = cli.stdout.trim();
  }, 60_000);

  it("is the CLI's printed link, the original Location, the JSON API's Location and url, and the pages' link", async () => {
    expect(link).toBe(`${server.url}${encodedPath}`);

    // The same bytes again: 201 "already stored", with the Location of the stored entry.
    const original = await uploadXml(server.url, documents[3]!);
    expect(original.status).toBe(201);
    expect(original.headers.get("location")).toBe(link);
    const json = await request(`${server.url}/api/v1/entries`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: documents[3]!,
    });
    expect(json.status).toBe(200);
    expect(json.headers.get("location")).toBe(link);
    expect((JSON.parse(json.text) as { url: string }).url).toBe(link);

    const page = await request(`${server.url}/endorsers/${encodeURIComponent(EMAIL)}`, html);
    expect(page.text).toContain(`href="${encodedPath}"`);
    const listing = await request(`${server.url}/metadata/${encodeURIComponent(EMAIL)}`, html);
    expect(listing.text).toContain(`href="${encodedPath}"`);
  });

  it("leads to the entry, as a page and as the original's XML", async () => {
    const page = await request(`${server.url}${encodedPath}`, html);
    expect(page.status).toBe(200);
    expect(page.text).toContain(id(entry.image));
    const original = await request(`${server.url}${encodedPath}`, xml);
    expect(original.status).toBe(200);
    expect(aboutIdentifier(original.text)).toBe(id(entry.image));
  });
});
