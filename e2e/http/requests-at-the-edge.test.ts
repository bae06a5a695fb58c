/**
 * What the server process decides on the connection, before the application (issue 6, items 5, 6,
 * 8, 11): malformed requests get a 4xx, never a 5xx; bodies are refused by their declared length at
 * once and slow ones time out; forwarding headers count only from a trusted proxy (the rate limit and
 * the links); the Origin check compares scheme, host and port.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { errorText, rawRequest, request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const JANE = "jane.tester@example.org";

describe("requests that would have been a 5xx", () => {
  let server: MarketplaceServer;
  let document: string;
  beforeAll(async () => {
    document = await signedDocument({ image: "edge", created: "2026-05-01T00:00:00Z" });
    server = await startMarketplace();
    expect((await uploadXml(server.url, document)).status).toBe(201);
  }, 120_000);
  afterAll(() => server?.stop());

  const NUL_TARGETS = [
    "/metadata?os=%00",
    "/metadata?media=json&sSearch=%00",
    "/metadata?media=json&sSearch_1=a%00b",
    "/metadata?identifier=%00",
    "/metadata/%00",
    `/metadata/${JANE}%00`,
    "/metadata/a%00/b",
    "/api/v1/entries?q=%00",
    "/api/v1/entries?os=x%00",
    "/api/v1/entries?email=%00",
    `/api/v1/endorsers/${JANE}%00/history`,
    "/endorsers/%00",
    "/tag/%00/%00",
    "/metadata?tag=%01",
  ];
  const MALFORMED_TARGETS = [
    "/metadata/%ZZ",
    "/metadata/%C0%AF",
    "/tag/%ZZ/%ZZ",
    "/metadata/%E0%A4%A",
    "/endorsers/%FF",
    "/api/v1/entries/%ZZ/b/c",
    "/metadata?os=%ZZ",
    "/upload/%C0",
  ];

  it("answers control characters and malformed escapes in any part of the address with 400", async () => {
    for (const target of [...NUL_TARGETS, ...MALFORMED_TARGETS]) {
      for (const accept of ["*/*", "text/html", "application/json"]) {
        const reply = await rawRequest(server.url, { target, headers: { Accept: accept } });
        expect(reply.status, `${target} (${accept}): ${reply.text.slice(0, 200)}`).toBe(400);
        expect(reply.text, target).toMatch(/percent-escape|control character/);
      }
    }
  });

  it("answers TRACE, other unserved methods and the * target with 4xx", async () => {
    for (const [method, target, status] of [
      ["TRACE", "/metadata", 405],
      ["TRACE", "/", 405],
      ["CONNECT", "/metadata", 405],
      ["PROPFIND", "/metadata", 405],
      ["GET", "*", 400],
      ["OPTIONS", "*", 400],
      ["POST", "*", 400],
    ] as const) {
      const reply = await rawRequest(server.url, { method, target });
      expect(reply.status, `${method} ${target}: ${reply.text}`).toBe(status);
      if (method !== "CONNECT") expect(reply.text).toMatch(/not served/);
      if (status === 405) expect(reply.headers.allow).toContain("GET");
    }
  });

  it("accepts the absolute form of the target, as HTTP/1.1 servers must", async () => {
    const reply = await rawRequest(server.url, { target: `${server.url}/api/health` });
    expect(reply.status).toBe(200);
  });

  it("refuses oversized declared bodies at once, without reading them or sending 100 Continue", async () => {
    const declared = await rawRequest(server.url, {
      method: "POST",
      target: "/metadata",
      headers: { "Content-Type": "application/xml", "Content-Length": String(300 * 1024 * 1024) },
      timeoutMs: 5_000,
    });
    // No body is ever sent: a 413 at all (not the client's timeout) proves the server did not wait for it.
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe("close");
    const api = await rawRequest(server.url, {
      method: "POST",
      target: "/api/v1/entries",
      headers: { "Content-Type": "application/xml", "Content-Length": String(50 * 1024 * 1024) },
      timeoutMs: 5_000,
    });
    expect(api.status).toBe(413);
    expect(JSON.parse(api.text).error.code).toBe("payload_too_large");
    const expecting = await rawRequest(server.url, {
      method: "POST",
      target: "/metadata",
      headers: { "Content-Type": "application/xml", "Content-Length": String(50 * 1024 * 1024), Expect: "100-continue" },
      body: "never sent",
      timeoutMs: 5_000,
    });
    expect(expecting.status).toBe(413);
    expect(expecting.continued).toBe(false);
  });

  it("sends 100 Continue for a body within the limit, and stores it", async () => {
    const next = await signedDocument({ image: "edge", created: "2026-06-01T00:00:00Z" });
    const reply = await rawRequest(server.url, {
      method: "POST",
      target: "/metadata",
      headers: { "Content-Type": "application/xml", "Content-Length": String(Buffer.byteLength(next)), Expect: "100-continue" },
      body: next,
    });
    expect(reply.continued).toBe(true);
    expect(reply.status).toBe(201);
  });

  it("refuses a malformed upload of any kind with 400, including prefix and character tricks", async () => {
    for (const body of [
      document.replace("<rdf:RDF ", '<rdf:RDF xmlns:xml="http://evil.example/" '),
      document.replace("<rdf:RDF ", '<rdf:RDF xmlns:xmlns="http://evil.example/" '),
      document.replace("<rdf:RDF ", '<rdf:RDF xmlns:p="http://www.w3.org/XML/1998/namespace" '),
      document.replace("<dcterms:type>", "<dcterms:type>\u0000"),
      document.replace("<dcterms:type>", "<dcterms:type>\u0001"),
      document.replace("<dcterms:type>", "<dcterms:type>&#1;"),
    ]) {
      const reply = await uploadXml(server.url, body);
      expect(reply.status, errorText(reply)).toBe(400);
    }
  });
});

describe("requests abandoned while they wait", () => {
  let server: MarketplaceServer;
  beforeAll(async () => {
    server = await startMarketplace();
  }, 120_000);
  afterAll(() => server?.stop());

  // A browser cancels the prefetches of the page it leaves. Those still waiting for a render place
  // once kept the place they were granted later, and four of them closed the page lane: every page
  // then waited 15 s for a 503. However fast or slow the machine, the pages after the burst answer 200.
  it("give up their turn: pages keep answering after a burst of cancelled page requests", async () => {
    const burst = Array.from({ length: 40 }, () => abandonablePage(server.url));
    await Promise.race(burst.map((page) => page.answered));
    for (const page of burst) page.abandon();
    for (let i = 0; i < 8; i += 1) {
      const reply = await request(`${server.url}/metadata?q=after-${i}`, { headers: { Accept: "text/html" } });
      expect(reply.status, `page ${i} after the burst`).toBe(200);
    }
  }, 60_000);
});

/** A page request on its own connection, which `abandon` closes whatever its state. */
function abandonablePage(base: string): { answered: Promise<void>; abandon: () => void } {
  const req = http.get(`${base}/metadata`, { agent: false, headers: { Accept: "text/html" } });
  const answered = new Promise<void>((resolve) => req.once("response", () => resolve()));
  req.on("error", () => undefined);
  return { answered, abandon: () => req.destroy() };
}

describe("slow requests", () => {
  let server: MarketplaceServer;
  beforeAll(async () => {
    server = await startMarketplace({ REQUEST_TIMEOUT_SECONDS: "2" });
  }, 120_000);
  afterAll(() => server?.stop());

  it("time out when the declared body never arrives, and the server stays responsive", async () => {
    const stalled = rawRequest(server.url, {
      method: "POST",
      target: "/metadata",
      headers: { "Content-Type": "application/xml", "Content-Length": "1000" },
      timeoutMs: 30_000,
    });
    const health = await request(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const reply = await stalled;
    // The server's 408, not the client's own 30 s timeout (status 0): its request timer ended the wait.
    expect(reply.status).toBe(408);
  });
});

describe("forwarding headers and origins", () => {
  let limited: MarketplaceServer;
  let proxied: MarketplaceServer;
  let direct: MarketplaceServer;
  let documents: string[];
  beforeAll(async () => {
    documents = await Promise.all([0, 1, 2, 3].map((i) => signedDocument({ image: `rate ${i}`, created: "2026-05-01T00:00:00Z" })));
    [limited, proxied, direct] = await Promise.all([
      startMarketplace({ UPLOAD_RATE_LIMIT: "2" }),
      startMarketplace({ UPLOAD_RATE_LIMIT: "2", TRUST_PROXY: "loopback", PUBLIC_URL: "https://marketplace.example.org" }),
      startMarketplace(),
    ]);
  }, 120_000);
  afterAll(() => Promise.all([limited?.stop(), proxied?.stop(), direct?.stop()]));

  it("does not let a client pick its address to escape the upload rate limit", async () => {
    const statuses = [];
    for (const [i, xml] of documents.slice(0, 3).entries()) {
      statuses.push((await uploadXml(limited.url, xml, { "X-Forwarded-For": `203.0.113.${i}`, "X-Real-IP": `198.51.100.${i}` })).status);
    }
    expect(statuses).toEqual([201, 201, 429]);
  });

  it("uses the address a trusted proxy forwards", async () => {
    const statuses = [];
    for (const [i, xml] of documents.slice(0, 3).entries())
      statuses.push((await uploadXml(proxied.url, xml, { "X-Forwarded-For": `203.0.113.${i}` })).status);
    expect(statuses).toEqual([201, 201, 201]);
  });

  it("builds Location from PUBLIC_URL or a trusted proxy, never from a client's X-Forwarded-Host", async () => {
    const xml = documents[3]!;
    const reply = await uploadXml(direct.url, xml, { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" });
    expect(reply.status).toBe(201);
    expect(reply.headers.get("location")).toMatch(new RegExp(`^${direct.url}/metadata/`));
    const proxiedReply = await uploadXml(proxied.url, xml, { "X-Forwarded-Host": "evil.example", "X-Forwarded-For": "203.0.113.9" });
    expect(proxiedReply.headers.get("location")).toMatch(/^https:\/\/marketplace\.example\.org\/metadata\//);
    const openapi = JSON.parse(
      (await request(`${direct.url}/api/v1/openapi.json`, { headers: { "X-Forwarded-Host": "evil.example" } })).text,
    );
    expect(openapi.servers[0].url).toBe(direct.url);
  });

  it("compares the Origin's scheme, host and port", async () => {
    const form = (name: string) => {
      const data = new FormData();
      data.set("Metadata File", new Blob([name]), "entry.xml");
      return data;
    };
    const own = new URL(direct.url);
    for (const origin of [`https://${own.host}`, `http://${own.hostname}:1`, "http://evil.example", "null"]) {
      const reply = await request(`${direct.url}/metadata`, { method: "POST", body: form("x"), headers: { Origin: origin } });
      expect(reply.status, origin).toBe(403);
    }
    const same = await request(`${direct.url}/metadata`, { method: "POST", body: form("not xml"), headers: { Origin: direct.url } });
    expect(same.status).toBe(400);
  });
});
