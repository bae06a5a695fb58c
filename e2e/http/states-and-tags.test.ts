/**
 * Status, location and tag semantics of the original listing (reference sections 4.3, 4.4, 4.6, 8):
 * deprecated and expired entries leave the default list, tags resolve to the newest non-deprecated image.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countEntries, errorText, request, uploadFixture } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";

const BEE8 = "BEE8-MMAw-Lk_IgsEExAy3d9R8h";
const F49U = "F49uQGH1uwT4mG9Lqj2pYnWkApd";
const JANE = "jane.tester@example.org";

describe("status filters", () => {
  // Two servers: the fixtures sign jane.tester@example.org with two keys, which key continuity keeps apart.
  let server: MarketplaceServer;
  let expiredServer: MarketplaceServer;
  beforeAll(async () => {
    [server, expiredServer] = await Promise.all([startMarketplace(), startMarketplace()]);
    expect((await uploadFixture(server.url, "valid-indate-deprecated-signature.xml")).status).toBe(201);
    expect((await uploadFixture(expiredServer.url, "valid-expired-signature.xml")).status).toBe(201);
  }, 90_000);
  afterAll(() => Promise.all([server?.stop(), expiredServer?.stop()]));

  it("hides a deprecated entry from the default list and shows it with status=deprecated", async () => {
    const hidden = await request(`${server.url}/metadata/${BEE8}`);
    expect(hidden.status).toBe(404);
    // The 404 says the image is there under another status, and how to list it.
    expect(errorText(hidden)).toBe(
      "no metadata matching query found: no valid entry, but 1 entry with another status; add ?status=all to list it",
    );
    const shown = await request(`${server.url}/metadata/${BEE8}?status=deprecated`);
    expect(shown.status).toBe(200);
    expect(countEntries(shown)).toBe(1);
    expect(countEntries(await request(`${server.url}/metadata/${BEE8}?status=all`))).toBe(1);
    expect(errorText(await request(`${server.url}/metadata/${BEE8}?status=expired`))).toBe(
      "no metadata matching query found: no expired entry, but 1 entry with another status; add ?status=all to list it",
    );
  });

  it("hides an expired entry from the default list and shows it with status=expired", async () => {
    expect((await request(`${expiredServer.url}/metadata/Ce3uQbAaxJMbTBaCXWO2FZPRFTT`)).status).toBe(404);
    const shown = await request(`${expiredServer.url}/metadata/Ce3uQbAaxJMbTBaCXWO2FZPRFTT?status=expired`);
    expect(shown.status).toBe(200);
    expect(countEntries(shown)).toBe(1);
  });

  it("applies no status filter for an unknown status, and filters locations", async () => {
    for (const { url } of [server, expiredServer]) {
      expect(countEntries(await request(`${url}/metadata?status=any`))).toBe(1);
      // These reference entries have no location: nothing to download, so not "web" (unlike the original).
      expect(countEntries(await request(`${url}/metadata?status=any&location=web`))).toBe(0);
      expect(countEntries(await request(`${url}/metadata?status=any&location=pdisk`))).toBe(0);
      expect(countEntries(await request(`${url}/metadata`))).toBe(0);
    }
  });
});

describe("tags and locations", () => {
  let server: MarketplaceServer;
  beforeAll(async () => {
    server = await startMarketplace();
  }, 90_000);
  afterAll(() => server?.stop());

  it("resolves the tag Alternative to BEE8, then to F49u, and keeps F49u after BEE8 is deprecated", async () => {
    const tagged = () => request(`${server.url}/metadata/${JANE}?tag=%22Alternative%22`);
    expect((await uploadFixture(server.url, "valid-alternative.xml")).status).toBe(201);
    expect((await tagged()).text).toContain(`rdf:about="#${BEE8}"`);
    expect((await request(`${server.url}/tag/${JANE}/Alternative`)).text).toContain(`rdf:about="#${BEE8}"`);
    expect((await uploadFixture(server.url, "valid-alternative-newid.xml")).status).toBe(201);
    expect((await tagged()).text).toContain(`rdf:about="#${F49U}"`);
    expect((await uploadFixture(server.url, "valid-alternative-deprecated-signed.xml")).status).toBe(201);
    expect((await tagged()).text).toContain(`rdf:about="#${F49U}"`);
    expect((await request(`${server.url}/tag/${JANE}/Unknown`)).status).toBe(404);
  });
});

describe("special characters", () => {
  let server: MarketplaceServer;
  beforeAll(async () => {
    server = await startMarketplace();
  }, 90_000);
  afterAll(() => server?.stop());

  it("keeps the JSON list valid with a description full of special characters", async () => {
    expect((await uploadFixture(server.url, "invalid-special-characters-signature.xml")).status).toBe(201);
    const reply = await request(`${server.url}/metadata?status=any&created=2012-01-19T15:46:18Z&media=json`);
    const body = JSON.parse(reply.text);
    expect(body.aaData).toHaveLength(1);
    expect(body.aaData[0][9]).toContain("\n");
  });
});

// A server of its own: this fixture signs jane.tester@example.org with another key than the one above,
// which key continuity would refuse on one server.
describe("several locations", () => {
  let server: MarketplaceServer;
  beforeAll(async () => {
    server = await startMarketplace();
  }, 90_000);
  afterAll(() => server?.stop());

  it("lists an entry with two locations once", async () => {
    expect((await uploadFixture(server.url, "valid-two-locations.xml")).status).toBe(201);
    const reply = await request(`${server.url}/metadata/${BEE8}?status=any`);
    expect(countEntries(reply)).toBe(1);
    expect(reply.text).toContain("2014-03-08T14:28:15Z");
  });
});
