/**
 * Stored XML is data, never a page (issue 6, items 1, 7, 9, 11): a validly signed document carrying
 * markup that browsers execute is refused; every response that is not one of our HTML pages carries
 * the sandbox CSP and nosniff; xml:base cannot move an entry's subject; locations are downloads;
 * the first bytes of an entry stay; DataTables cells cannot carry markup into the original protocol's page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorText, rawRequest, request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const SANDBOX = /^sandbox; default-src 'none'/;
const BROWSER_NAMESPACES = [
  "http://www.w3.org/1999/xhtml",
  "http://www.w3.org/2000/svg",
  "http://www.w3.org/1998/Math/MathML",
  "http://www.w3.org/1999/XSL/Transform",
  "http://www.w3.org/1999/xlink",
  "http://www.w3.org/2001/XInclude",
  "http://www.w3.org/2001/xml-events",
];

let server: MarketplaceServer;
let stored: { xml: string; identifier: string; created: string };
const hostile: Array<[name: string, xml: string, code: string]> = [];
let respaced: string;
let htmlTitle: string;

beforeAll(async () => {
  const created = "2026-05-01T00:00:00Z";
  const xml = await signedDocument({ image: "hostile-base", created, title: "Safe entry" });
  stored = { xml, identifier: /<dcterms:identifier>([^<]+)/.exec(xml)![1]!, created };
  respaced = xml.replace("<rdf:RDF", "<rdf:RDF ");
  htmlTitle = await signedDocument({ image: "html title", created, title: `<img src=x onerror="alert(1)"> & "quotes"` });
  let n = 0;
  for (const ns of BROWSER_NAMESPACES) {
    hostile.push([
      `an element in ${ns}`,
      await signedDocument({ image: `ns ${n++}`, created, extra: `<h:script xmlns:h="${ns}">alert(document.domain)</h:script>` }),
      "xml.browser_namespace",
    ]);
    hostile.push([
      `a default-namespace element in ${ns}`,
      await signedDocument({ image: `ns ${n++}`, created, extra: `<script xmlns="${ns}">alert(1)</script>` }),
      "xml.browser_namespace",
    ]);
    hostile.push([
      `an attribute in ${ns}`,
      await signedDocument({
        image: `ns ${n++}`,
        created,
        extra: `<dcterms:subject xmlns:h="${ns}" h:href="javascript:alert(1)">x</dcterms:subject>`,
      }),
      "xml.browser_namespace",
    ]);
  }
  hostile.push([
    "xml:base on rdf:Description",
    (await signedDocument({ image: "base", created })).replace(/<rdf:Description /, '<rdf:Description xml:base="http://evil.example/" '),
    "schema.xml_base",
  ]);
  hostile.push([
    "xml:base on rdf:Description, signed",
    await signedDocument({
      image: "base signed",
      created,
      transform: (d) => d.replace("<rdf:Description ", '<rdf:Description xml:base="http://evil.example/" '),
    }),
    "schema.xml_base",
  ]);
  hostile.push([
    "xml:base on a nested element, signed",
    await signedDocument({
      image: "base nested",
      created,
      transform: (d) =>
        d.replace('<slreq:checksum rdf:parseType="Resource">', '<slreq:checksum rdf:parseType="Resource" xml:base="http://evil.example/">'),
    }),
    "schema.xml_base",
  ]);
  for (const location of [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "ftp://ftp.example.org/x.img",
  ]) {
    hostile.push([
      `location ${location}`,
      await signedDocument({ image: `loc ${location}`, created, locations: [location] }),
      "schema.location",
    ]);
  }
  hostile.push([
    "the xml prefix bound elsewhere",
    await signedDocument({
      image: "xml prefix",
      created,
      extra: '<ex:n xmlns:ex="http://example.org/" xmlns:xml="http://evil.example/">x</ex:n>',
    }),
    "xml.namespace",
  ]);
  hostile.push([
    "the xmlns prefix declared",
    await signedDocument({
      image: "xmlns prefix",
      created,
      extra: '<ex:n xmlns:ex="http://example.org/" xmlns:xmlns="http://evil.example/">x</ex:n>',
    }),
    "xml.namespace",
  ]);
  hostile.push([
    "U+0001 in text",
    await signedDocument({ image: "ctl", created, extra: '<ex:n xmlns:ex="http://example.org/">a\u0001b</ex:n>' }),
    "xml.character",
  ]);
  hostile.push([
    "&#0; in text",
    await signedDocument({ image: "nul ref", created, extra: '<ex:n xmlns:ex="http://example.org/">a&#0;b</ex:n>' }),
    "xml.character",
  ]);
  server = await startMarketplace();
  expect((await uploadXml(server.url, stored.xml)).status).toBe(201);
  expect((await uploadXml(server.url, htmlTitle)).status).toBe(201);
}, 180_000);
afterAll(() => server?.stop());

describe("documents a browser would act on", () => {
  it("refuses every one, with a problem code that names the class, and stores none", async () => {
    for (const [name, xml, code] of hostile) {
      const reply = await request(`${server.url}/api/v1/entries`, {
        method: "POST",
        headers: { "Content-Type": "application/xml" },
        body: xml,
      });
      expect(reply.status, name).toBe(400);
      expect(
        JSON.parse(reply.text).error.problems.map((p: { code: string }) => p.code),
        name,
      ).toContain(code);
      const original = await uploadXml(server.url, xml);
      expect(original.status, name).toBe(400);
      expect(errorText(original), name).toMatch(/^(invalid metadata|unable to parse metadata): /);
    }
    const all = JSON.parse((await request(`${server.url}/api/v1/entries?status=all&pageSize=100`)).text);
    expect(all.total).toBe(2);
  });
});

describe("every response that is not an HTML page", () => {
  const JANE = "jane.tester@example.org";
  const paths = () => [
    "/metadata",
    "/metadata?media=xml",
    "/metadata?media=xml&status=all",
    "/metadata?media=json",
    "/metadata?iDisplayStart=0&iDisplayLength=5&media=json",
    `/metadata/${stored.identifier}?media=xml`,
    `/metadata/${JANE}?media=xml&status=all`,
    `/metadata/${stored.identifier}/${JANE}/${stored.created}`,
    `/metadata/${stored.identifier}/${JANE}/${stored.created}?media=json`,
    `/metadata/${JANE}?tag=none`,
    `/tag/${JANE}/none`,
    "/endorsers",
    "/endorsers?media=json",
    `/endorsers/${JANE}`,
    `/endorsers/${JANE}/tags`,
    "/metadata/nobody@example.org",
    "/metadata/a/b/c/d",
    "/api/health",
    "/api/v1/entries",
    "/api/v1/entries?sort=evil",
    `/api/v1/entries/${stored.identifier}/${JANE}/${stored.created}`,
    `/api/v1/entries/${stored.identifier}/${JANE}/${stored.created}/xml`,
    `/api/v1/entries/${stored.identifier}/${JANE}/${stored.created}/rdf-json`,
    "/api/v1/endorsers",
    `/api/v1/endorsers/${JANE}/history`,
    "/api/v1/facets",
    "/api/v1/openapi.json",
    "/api/v1/nowhere",
    "/metadata/%ZZ",
    "/icon.svg",
  ];

  it("carries the sandbox CSP and nosniff, whatever the route, status or Accept", async () => {
    for (const path of paths()) {
      for (const accept of ["*/*", "application/xml", "application/json", "text/plain"]) {
        const reply = await request(`${server.url}${path}`, { headers: { Accept: accept } });
        const type = reply.headers.get("content-type") ?? "";
        if (type.startsWith("text/html")) continue;
        expect(reply.headers.get("content-security-policy"), `${path} (${accept}): ${reply.status} ${type}`).toMatch(SANDBOX);
        expect(reply.headers.get("x-content-type-options"), path).toBe("nosniff");
      }
    }
    for (const [method, path, init] of [
      ["POST", "/metadata", { body: stored.xml, headers: { "Content-Type": "application/xml" } }],
      ["POST", "/metadata", { body: "not xml", headers: { "Content-Type": "application/xml" } }],
      ["POST", "/api/v1/entries", { body: "not xml", headers: { "Content-Type": "application/xml" } }],
      ["PUT", "/metadata", { body: "x" }],
    ] as const) {
      const reply = await request(`${server.url}${path}`, { method, ...init });
      expect(reply.headers.get("content-security-policy"), `${method} ${path}: ${reply.status}`).toMatch(SANDBOX);
    }
    for (const [method, target] of [
      ["TRACE", "/metadata"],
      ["GET", "*"],
      ["OPTIONS", "*"],
    ] as const) {
      const reply = await rawRequest(server.url, { method, target });
      expect(reply.headers["content-security-policy"], `${method} ${target}: ${reply.status}`).toMatch(SANDBOX);
    }
  });

  it("leaves the pages their own CSP, with a nonce for their scripts, the 404 page included", async () => {
    for (const path of ["/metadata", "/endorsers", "/upload", "/nowhere", `/metadata/${stored.identifier}/${JANE}/${stored.created}`]) {
      const reply = await request(`${server.url}${path}`, { headers: { Accept: "text/html" } });
      expect(reply.headers.get("content-type"), path).toMatch(/^text\/html/);
      const csp = reply.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeDefined();
      // Every script element of the page carries the nonce the header allows.
      const scripts = reply.text.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
  });
});

describe("stored bytes", () => {
  it("keep their first version: an equivalent copy with the same date is refused with 409, the same bytes stay idempotent", async () => {
    const swap = await uploadXml(server.url, respaced);
    expect(swap.status).toBe(409);
    expect(errorText(swap)).toMatch(/already stored with other content.*sign a new entry/);
    expect((await uploadXml(server.url, stored.xml)).status).toBe(201);
    const download = await request(`${server.url}/metadata/${stored.identifier}/jane.tester@example.org/${stored.created}`);
    expect(download.text).toBe(stored.xml);
  });

  it("reach DataTables clients escaped for HTML", async () => {
    const body = JSON.parse((await request(`${server.url}/metadata?media=json`)).text);
    const titles = body.aaData.map((row: string[]) => row[10]);
    expect(titles).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;");
    expect(JSON.stringify(body)).not.toContain("<img");
  });
});
