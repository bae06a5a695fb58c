/**
 * Bad input over HTTP gets a 4xx with a message a person understands, never a 5xx, and loses nothing:
 * after all of it the store still holds exactly the valid entry uploaded first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";
import { errorText, request, uploadFixture, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";

let server: MarketplaceServer;
beforeAll(async () => {
  server = await startMarketplace({ MAX_UPLOAD_BYTES: "65536" });
  expect((await uploadFixture(server.url, "valid-indate-signature.xml")).status).toBe(201);
}, 90_000);
afterAll(() => server?.stop());

const signed = () => readFixture("marketplace/valid-indate-newer-signature.xml").toString("utf8");

describe("uploads that are refused", () => {
  it.each([
    ["not XML", "this is not XML", 400, /^unable to parse metadata: the document is not XML: it has no root element/],
    ["empty", "", 400, /^no valid file uploaded: the request body is empty$/],
    [
      "a DOCTYPE",
      `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`,
      400,
      /^unable to parse metadata: DOCTYPE declarations are not allowed/,
    ],
    ["a second root", `${signed()}<rdf:RDF/>`, 400, /^unable to parse metadata: the document is not well-formed XML/],
    [
      "a wrapped signature",
      signed()
        .replace(/(<Signature [\s\S]*<\/Signature>)/, "")
        .replace("<rdf:Description", (m) => `${/<Signature [\s\S]*<\/Signature>/.exec(signed())![0]}${m}`),
      400,
      /^invalid metadata: the Signature must be the last element/,
    ],
    [
      "an altered entry",
      signed().replace("<slreq:bytes>128</slreq:bytes>", "<slreq:bytes>129</slreq:bytes>"),
      400,
      /^invalid metadata: the document was changed after it was signed/,
    ],
    [
      "a processing instruction",
      signed().replace(/^(<\?xml[^>]*\?>)/, '$1<?xml-stylesheet href="https://evil.example/x.xsl"?>'),
      400,
      /^unable to parse metadata: processing instruction/,
    ],
  ])("%s: %i", async (_name, body, status, message) => {
    const reply = await uploadXml(server.url, body);
    expect(reply.status).toBe(status);
    expect(errorText(reply)).toMatch(message);
  });

  it("refuses invalid UTF-8", async () => {
    const bytes = Buffer.concat([Buffer.from("<r>"), Buffer.from([0xc3, 0x28]), Buffer.from("</r>")]);
    const reply = await uploadXml(server.url, bytes);
    expect(reply.status).toBe(400);
    expect(errorText(reply)).toMatch(/^unable to parse metadata: the document is not valid UTF-8/);
  });

  it("refuses a body over the limit, declared or streamed", async () => {
    const big = Buffer.alloc(70_000, 32);
    const declared = await uploadXml(server.url, big);
    expect(declared.status).toBe(413);
    expect(errorText(declared)).toMatch(/the limit is 65536 bytes/);
    const streamed = await request(`${server.url}/metadata`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(10_000));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("refuses other media types and forms without a file", async () => {
    const json = await request(`${server.url}/metadata`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(json.status).toBe(415);
    expect(errorText(json)).toMatch(/send the signed XML as application\/xml/);
    const form = new FormData();
    form.set("comment", "no file here");
    const noFile = await request(`${server.url}/metadata`, { method: "POST", body: form });
    expect(noFile.status).toBe(400);
    expect(errorText(noFile)).toBe("no valid file uploaded");
  });

  it("refuses cross-site form posts but not tools without an Origin", async () => {
    const form = new FormData();
    form.set("Metadata File", new Blob([new Uint8Array(readFixture("marketplace/valid-indate-newer-signature.xml"))]), "entry.xml");
    const crossSite = await request(`${server.url}/metadata`, {
      method: "POST",
      body: form,
      headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect(errorText(crossSite)).toMatch(/cross-site form posts are not accepted/);
  });

  it("answers the JSON API's invalid uploads with every problem", async () => {
    const reply = await request(`${server.url}/api/v1/entries`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: new Uint8Array(readFixture("metadata/invalid-inconsistent-identifiers.xml")),
    });
    expect(reply.status).toBe(400);
    const body = JSON.parse(reply.text);
    expect(body.error.code).toBe("invalid_metadata");
    expect(body.error.problems.map((p: { code: string }) => p.code)).toEqual([
      "signature.missing",
      "constraint.about_identifier",
      "constraint.identifier_checksum",
    ]);
  });
});

describe("requests that make no sense", () => {
  it.each([
    ["/nowhere", 404],
    ["/api/v1/nowhere", 404],
    ["/metadata/a/b/c/d", 404],
    ["/api/v1/entries?pageSize=1000", 400],
    ["/api/v1/entries?sort=evil", 400],
    ["/api/v1/entries?page=-1", 400],
    ["/api/v1/entries?cursor=not-a-cursor", 400],
    ["/api/v1/entries?created=yesterday", 400],
    ["/metadata?iDisplayStart=abc&iDisplayLength=10", 400],
    ["/api/v1/entries/x/y/z", 404],
  ])("GET %s is a %i with a message", async (path, status) => {
    const reply = await request(`${server.url}${path}`, { headers: { Accept: "application/json" } });
    expect(reply.status).toBe(status);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.text).not.toMatch(/at .*\.js:\d+|node_modules/);
  });

  it("refuses methods a resource does not have", async () => {
    expect((await request(`${server.url}/metadata`, { method: "PUT", body: "x" })).status).toBe(405);
    expect((await request(`${server.url}/api/v1/entries`, { method: "DELETE" })).status).toBe(405);
  });

  it("lost nothing: the one valid entry is still there, unchanged", async () => {
    const list = await request(`${server.url}/api/v1/entries?status=all`);
    const body = JSON.parse(list.text);
    expect(body.total).toBe(1);
    expect(body.items[0].created).toBe("2014-03-08T14:10:40Z");
  });
});
