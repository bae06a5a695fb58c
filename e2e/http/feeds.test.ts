/**
 * The Atom feeds (issue 12) over real signed uploads: new, deprecated and soon-ending entries for the
 * whole Marketplace, an endorser and a search, read back by a real feed parser and held to RFC 4287's
 * required elements; a hostile title stays text; the listing's paging, an unknown feed and a bad
 * `days` are refused with the reason.
 */
import { DOMParser, type Element } from "@xmldom/xmldom";
import { parseFeed } from "@rowanmanning/feed-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifierOf } from "@/db/testing/signed-entries";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const ATOM = "http://www.w3.org/2005/Atom";
const HOSTILE = "Ubuntu <b>bold</b> & friends ]]> <script>alert(1)</script>";
let server: MarketplaceServer;

beforeAll(async () => {
  const soon = formatMetadataDate(new Date(Date.now() + 10 * 24 * 3600 * 1000));
  const documents = [
    await signedDocument({
      image: "ubuntu image",
      created: "2026-03-01T00:00:00Z",
      title: HOSTILE,
      os: "Ubuntu",
      description: "A <i>desktop</i>",
      tag: 'desk<top "&" more',
    }),
    await signedDocument({
      image: "debian image",
      created: "2026-04-01T00:00:00Z",
      title: "Debian 12",
      os: "Debian",
      email: "ops@example.org",
    }),
    await signedDocument({ image: "old image", created: "2026-01-01T00:00:00Z", title: "Old one" }),
    await signedDocument({ image: "old image", created: "2026-05-01T00:00:00Z", title: "Old one", deprecated: "superseded" }),
    await signedDocument({ image: "soon image", created: "2026-02-01T00:00:00Z", title: "Ending soon", valid: soon }),
  ];
  server = await startMarketplace();
  for (const document of documents) expect((await uploadXml(server.url, document)).status).toBe(201);
}, 120_000);

afterAll(() => server?.stop());

async function feed(path: string) {
  const reply = await request(`${server.url}${path}`);
  expect(reply.status, reply.text).toBe(200);
  expect(reply.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
  checkRfc4287(reply.text);
  return parseFeed(reply.text);
}

/** RFC 4287's MUSTs: one id, title and updated per feed and entry, an author for each entry, an alternate link, RFC 3339 dates. */
function checkRfc4287(xml: string) {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(
    xml,
    "text/xml",
  );
  expect(errors).toEqual([]);
  const root = document.documentElement!;
  expect([root.namespaceURI, root.localName]).toEqual([ATOM, "feed"]);
  const children = (parent: Element, name: string) =>
    Array.from(parent.childNodes).filter(
      (n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ATOM && (n as Element).localName === name,
    );
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  for (const name of ["id", "title", "updated"]) expect(children(root, name), `feed ${name}`).toHaveLength(1);
  expect(children(root, "updated")[0]!.textContent).toMatch(rfc3339);
  expect(children(root, "link").some((l) => l.getAttribute("rel") === "self")).toBe(true);
  for (const entry of children(root, "entry")) {
    for (const name of ["id", "title", "updated"]) expect(children(entry, name), `entry ${name}`).toHaveLength(1);
    expect(children(entry, "updated")[0]!.textContent).toMatch(rfc3339);
    expect(children(entry, "author").length).toBeGreaterThan(0);
    expect(children(entry, "link").some((l) => (l.getAttribute("rel") ?? "alternate") === "alternate")).toBe(true);
  }
}

describe("Atom feeds", () => {
  it("lists the new valid entries of the whole Marketplace, newest first, linking each entry page", async () => {
    const parsed = await feed("/feeds/new.atom");
    expect(parsed.title).toBe("New appliances - Appliance Marketplace");
    expect(parsed.items.map((item) => item.url)).toEqual([
      `${server.url}/metadata/${identifierOf("debian image")}/ops@example.org/2026-04-01T00:00:00Z`,
      `${server.url}/metadata/${identifierOf("ubuntu image")}/jane.tester@example.org/2026-03-01T00:00:00Z`,
      `${server.url}/metadata/${identifierOf("soon image")}/jane.tester@example.org/2026-02-01T00:00:00Z`,
    ]);
    expect(parsed.items[0]!.authors[0]).toMatchObject({ email: "ops@example.org" });
    expect(parsed.items[0]!.updated?.toISOString()).toBe("2026-04-01T00:00:00.000Z");
  });

  it("keeps a hostile title, description and tag as text, and the feed well-formed", async () => {
    // feed() checks the XML parses without an error: a "<" in an attribute would break every reader.
    expect((await feed("/feeds/new.atom?os=Ubuntu")).items.map((item) => item.title)).toContain(HOSTILE);
    const reply = await request(`${server.url}/feeds/new.atom?os=Ubuntu`);
    expect(reply.text).not.toContain("<script>");
    expect(reply.text).not.toContain("<b>bold");
    expect(reply.text).not.toContain("<i>desktop");
    const [item] = parseFeed(reply.text).items;
    // The title is HTML whose text is the endorser's: a reader shows the markup as characters.
    expect(item!.title).toBe(HOSTILE);
    // The summary is HTML too: the description's markup arrives escaped, shown as the characters it is.
    expect(reply.text).toContain("<p>A &#60;i&#62;desktop&#60;/i&#62;</p>");
    expect(item!.description).toContain("A <i>desktop</i>");
  });

  it("takes a listing's filters: an endorser, a facet, a search", async () => {
    const titles = async (query: string) => (await feed(`/feeds/new.atom?${query}`)).items.map((item) => item.title);
    expect(await titles("email=ops@example.org")).toEqual(["Debian 12"]);
    expect(await titles("q=debian")).toEqual(["Debian 12"]);
    expect((await feed("/feeds/new.atom?email=ops@example.org")).title).toBe(
      "New appliances, endorsed by ops@example.org - Appliance Marketplace",
    );
    expect(await titles("os=Nothing")).toEqual([]);
  });

  it("lists deprecations and the endorsements that end soon", async () => {
    const deprecated = await feed("/feeds/deprecated.atom");
    expect(deprecated.items.map((item) => item.title)).toEqual(["Deprecated: Old one"]);
    expect(deprecated.items[0]!.description).toContain("deprecated: superseded");
    const expiring = await feed("/feeds/expiring.atom");
    expect(expiring.items.map((item) => item.title)).toEqual([
      expect.stringMatching(/^Ends \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: Ending soon$/),
    ]);
    expect((await feed("/feeds/expiring.atom?days=5")).items).toEqual([]);
    expect((await feed("/feeds/expiring.atom?days=5")).title).toBe(
      "Appliances whose endorsement ends within 5 days - Appliance Marketplace",
    );
  });

  it("refuses what a feed does not take, saying why", async () => {
    const cases: [string, number, string][] = [
      ["/feeds/popular.atom", 404, "no feed popular.atom: the feeds are new.atom, deprecated.atom, expiring.atom"],
      ["/feeds/new.atom?sort=title", 400, "unknown parameter sort"],
      ["/feeds/new.atom?pageSize=100", 400, "unknown parameter pageSize"],
      ["/feeds/new.atom?days=5", 400, "days: only expiring.atom takes it"],
      ["/feeds/expiring.atom?days=0", 400, "days: must be at least 1"],
      ["/feeds/new.atom?location=ftp", 400, "location: must be all, web or pdisk"],
    ];
    for (const [path, status, message] of cases) {
      const reply = await request(`${server.url}${path}`);
      expect(reply.status, path).toBe(status);
      expect(JSON.parse(reply.text).error.message, path).toContain(message);
    }
  });
});
