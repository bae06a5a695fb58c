/**
 * The wizard's location check over HTTP (issue 11): a HEAD through the SSRF rules. A local server the
 * test starts is allowed explicitly (BUILD_FETCH_ALLOW=127.0.0.1/32); its file is reachable with the
 * size compared, its 404 is reachable: false with the reason; other private addresses and ftp: are
 * refused with a 422; visitors get a 401 and nothing is fetched for them.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createUser } from "@/db";
import { request } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { MarketplaceServer } from "./marketplace-server";

let database: FreshDatabase;
let server: MarketplaceServer;
let images: http.Server;
let imagesUrl: string;
let token = "";
const heads: string[] = [];

beforeAll(async () => {
  images = http.createServer((req, res) => {
    heads.push(`${req.method} ${req.url}`);
    if (req.url === "/appliance.img") {
      res.writeHead(200, { "Content-Length": "4096", "Content-Type": "application/octet-stream" });
      return res.end(req.method === "HEAD" ? undefined : Buffer.alloc(4096));
    }
    if (req.url === "/moved") {
      res.writeHead(302, { Location: "/appliance.img" });
      return res.end();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  database = await freshDatabase();
  await database.use(async () => {
    const jane = await createUser({ email: "jane@example.org", password: "a long enough phrase", verified: true });
    token = (await createApiToken(jane.id, "laptop", null)).token;
  });
  server = await database.start({ BUILD_FETCH_ALLOW: "127.0.0.1/32" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
  await new Promise((resolve) => images?.close(resolve));
});

async function check(url: string, bytes?: number) {
  const query = new URLSearchParams({ url, ...(bytes === undefined ? {} : { bytes: String(bytes) }) });
  const reply = await request(`${server.url}/api/v1/location-check?${query}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: reply.status, body: JSON.parse(reply.text) as Record<string, unknown> & { error?: { message: string } } };
}

describe("the location check", () => {
  it("says a served file is reachable, with its size compared to the image's", async () => {
    expect((await check(`${imagesUrl}/appliance.img`, 4096)).body).toMatchObject({
      reachable: true,
      status: 200,
      contentLength: 4096,
      sizeMatches: true,
    });
    const other = await check(`${imagesUrl}/moved`, 5000);
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ reachable: true, url: `${imagesUrl}/appliance.img`, sizeMatches: false });
    expect(other.body.message).toContain("serves 4096 bytes where the image has 5000");
    expect(heads).toContain("HEAD /appliance.img");
    expect(heads.every((line) => line.startsWith("HEAD "))).toBe(true);
  });

  it("says a missing file or a closed port is not reachable, and why", async () => {
    const missing = await check(`${imagesUrl}/nothing-here.img`);
    expect(missing).toMatchObject({ status: 200, body: { reachable: false, status: 404 } });
    expect(missing.body.message).toContain("answered 404");
    const closed = await check("http://127.0.0.1:9/appliance.img");
    expect(closed).toMatchObject({ status: 200, body: { reachable: false, status: null } });
    expect(closed.body.message).toContain("could not be reached");
  });

  it("refuses URLs the SSRF rules refuse with a 422, bad parameters with a 400, and visitors with a 401", async () => {
    for (const url of [
      "http://10.0.0.1/image.img",
      "http://[::1]/image.img",
      "http://169.254.169.254/latest/meta-data/",
      "ftp://example.org/x.img",
      "https://user:pw@example.org/x.img",
    ]) {
      const refused = await check(url);
      expect(refused.status, url).toBe(422);
      expect(refused.body.error?.message, url).toBeTruthy();
    }
    expect((await check("")).status).toBe(400);
    expect((await check(`${imagesUrl}/appliance.img`, -1)).status).toBe(400);
    const count = heads.length;
    const visitor = await request(`${server.url}/api/v1/location-check?url=${encodeURIComponent(`${imagesUrl}/appliance.img`)}`);
    expect(visitor.status).toBe(401);
    expect(heads.length).toBe(count);
  });
});
