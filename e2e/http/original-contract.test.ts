/**
 * The original StratusLab protocol, as curl and stratus-upload-metadata see it, against a production
 * server with the reference files (reference section 8, "Key facts for using the samples").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";
import { countEntries, errorText, request, uploadFixture } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";

const BEE8 = "BEE8-MMAw-Lk_IgsEExAy3d9R8h";
const JANE = "jane.tester@example.org";

let server: MarketplaceServer;
beforeAll(async () => {
  server = await startMarketplace();
}, 90_000);
afterAll(() => server?.stop());

describe("upload and the newer-than-latest rule", () => {
  it("refuses an unsigned entry: 400 invalid metadata: no signature", async () => {
    const reply = await uploadFixture(server.url, "valid.xml");
    expect(reply.status).toBe(400);
    expect(reply.headers.get("content-type")).toMatch(/^application\/xml/);
    // The original's words first, then what to do.
    expect(errorText(reply)).toBe("invalid metadata: no signature: sign it with `marketplace sign-metadata`");
  });

  it("stores a signed entry whose certificate has long expired: 201 with Location", async () => {
    const reply = await uploadFixture(server.url, "valid-indate-signature.xml");
    expect(reply.status).toBe(201);
    expect(reply.text).toBe("metadata entry created");
    expect(reply.headers.get("location")).toBe(`${server.url}/metadata/${BEE8}/${JANE}/2014-03-08T14:10:40Z`);
  });

  it("serves the stored bytes exactly, as an rdf+xml attachment", async () => {
    const reply = await request(`${server.url}/metadata/${BEE8}/${JANE}/2014-03-08T14:10:40Z`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/rdf+xml");
    expect(reply.headers.get("content-disposition")).toBe(`attachment; filename=${BEE8}-20140308T141040Z.xml`);
    expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reply.bytes.equals(readFixture("marketplace/valid-indate-signature.xml"))).toBe(true);
  });

  it("accepts the same entry again (idempotent) ", async () => {
    expect((await uploadFixture(server.url, "valid-indate-signature.xml")).status).toBe(201);
  });

  it("lists the newer entry after it is uploaded and refuses the older one", async () => {
    expect((await uploadFixture(server.url, "valid-indate-newer-signature.xml")).status).toBe(201);
    // In 2026 the 2016 validity of these fixtures has passed: they are listed as expired.
    const list = await request(`${server.url}/metadata?identifier=${BEE8}&status=expired`);
    expect(list.status).toBe(200);
    expect(list.text.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?><metadata>')).toBe(true);
    expect(countEntries(list)).toBe(1);
    expect(list.text).toContain("2014-03-08T14:23:18Z");
    const older = await uploadFixture(server.url, "valid-indate-signature.xml");
    expect(older.status).toBe(400);
    // The original's words first, then which stored entry is newer, its link, and what to do.
    expect(errorText(older)).toBe(
      `invalid metadata: older than latest entry: the stored entry of 2014-03-08T14:23:18Z (${server.url}/metadata/${BEE8}/${JANE}/2014-03-08T14:23:18Z) is newer than this one of 2014-03-08T14:10:40Z; to publish this version, sign it again (sign-metadata gives it the current date) and upload it`,
    );
  });

  it("keeps older entries reachable at their full URL", async () => {
    expect((await request(`${server.url}/metadata/${BEE8}/${JANE}/2014-03-08T14:10:40Z`)).status).toBe(200);
  });

  it("classifies path filters by value: identifier, email, date", async () => {
    for (const path of [`/metadata/${BEE8}`, `/metadata/${JANE}`, `/metadata/${BEE8}/${JANE}`, `/metadata/${JANE}/2014-03-08T14:23:18Z`]) {
      const reply = await request(`${server.url}${path}?status=expired`);
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
      expect(countEntries(reply)).toBe(1);
    }
    const unknown = await request(`${server.url}/metadata/nobody@example.org?status=expired`);
    expect(unknown.status).toBe(404);
    expect(errorText(unknown)).toBe("no metadata matching query found");
  });

  it("answers a missing entry with 404 metadata entry not found.", async () => {
    const reply = await request(`${server.url}/metadata/${BEE8}/${JANE}/2001-01-01T00:00:00Z`);
    expect(reply.status).toBe(404);
    expect(errorText(reply)).toBe("metadata entry not found.\n");
  });
});

describe("representations", () => {
  it("negotiates JSON by Accept and by ?media=json", async () => {
    for (const init of [{ headers: { Accept: "application/json" } }, {}]) {
      const path = "headers" in init ? "/metadata?status=expired" : "/metadata?status=expired&media=json";
      const reply = await request(`${server.url}${path}`, init);
      expect(reply.status).toBe(200);
      const body = JSON.parse(reply.text);
      expect(body).toMatchObject({ sEcho: 0, iTotalRecords: 1, iTotalDisplayRecords: 1 });
      expect(body.aaData[0]).toEqual([
        "",
        "ttylinux",
        "9.3",
        "i686",
        JANE,
        "machine",
        "2014-03-08T14:23:18Z",
        BEE8,
        "null",
        "null",
        "null",
      ]);
    }
  });

  it("answers the DataTables form POST with JSON", async () => {
    const reply = await request(`${server.url}/metadata`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "sEcho=3&iDisplayStart=0&iDisplayLength=10&iSortCol_0=6&sSortDir_0=desc&sSearch=ttylinux&status=expired",
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toMatchObject({ sEcho: 3, iTotalDisplayRecords: 1 });
  });

  it("serves one entry as RDF/JSON with ?media=json", async () => {
    const reply = await request(`${server.url}/metadata/${BEE8}/${JANE}/2014-03-08T14:23:18Z?media=json`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-disposition")).toBe(`attachment; filename=${BEE8}-20140308T142318Z.json`);
    const rdf = JSON.parse(reply.text);
    expect(rdf[`http://mp.stratuslab.eu/#${BEE8}`]["http://purl.org/dc/terms/identifier"]).toEqual([{ type: "literal", value: BEE8 }]);
  });

  it("gives browsers the HTML pages and curl the XML", async () => {
    const html = await request(`${server.url}/metadata`, {
      headers: { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
    });
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const curl = await request(`${server.url}/metadata`, { headers: { Accept: "*/*" } });
    expect(curl.headers.get("content-type")).toMatch(/^application\/xml/);
  });

  it("writes error bodies in the format of the first Accept type", async () => {
    const json = await request(`${server.url}/metadata/${BEE8}/${JANE}/2001-01-01T00:00:00Z`, { headers: { Accept: "application/json" } });
    expect(json.status).toBe(404);
    expect(JSON.parse(json.text)).toEqual({ "404": "metadata entry not found.\n" });
    // An empty JSON list is not an error for the original: 200 with rMsg.
    const empty = JSON.parse((await request(`${server.url}/metadata/nobody@example.org?media=json`)).text);
    expect(empty).toMatchObject({ iTotalDisplayRecords: 0, aaData: [], rMsg: "no metadata matching query found" });
    const html = await request(`${server.url}/metadata`, {
      method: "POST",
      headers: { Accept: "text/html", "Content-Type": "application/xml" },
      body: "<x/>",
    });
    expect(html.status).toBe(400);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.text).toContain("<h1>Bad Request</h1>");
  });

  it("treats /metadata/ and /metadata alike; //metadata is redirected keeping the method", async () => {
    for (const path of ["/metadata/", `/metadata/${BEE8}/?status=expired`]) {
      const reply = await request(`${server.url}${path}`);
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
    }
    // Next.js answers repeated slashes with a permanent, method-preserving redirect before any handler runs.
    const doubled = await request(`${server.url}//metadata`);
    expect(doubled.status).toBe(308);
    expect(doubled.headers.get("location")).toBe("/metadata");
  });
});

describe("endorsers", () => {
  it("lists endorsers as SPARQL results", async () => {
    const reply = await request(`${server.url}/endorsers`);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<sparql xmlns="http://www.w3.org/2005/sparql-results#">');
    expect(reply.text).toContain(`<binding name="email"><literal>${JANE}</literal></binding>`);
    expect(reply.text).toContain("CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU");
  });

  it("gives an endorser's history over a range of days (all of it here: 2014 is long ago)", async () => {
    const recent = await request(`${server.url}/endorsers/${JANE}?range=30`);
    expect(recent.status).toBe(200);
    expect(recent.text).not.toContain(BEE8);
    const all = await request(`${server.url}/endorsers/${JANE}?range=10000&media=json`);
    const created = JSON.parse(all.text).results.bindings.map((b: { created: { value: string } }) => b.created.value);
    expect(created).toEqual(["2014-03-08T14:23:18Z", "2014-03-08T14:10:40Z"]);
    const fallback = await request(`${server.url}/endorsers/${JANE}?range=banana`);
    expect(fallback.status).toBe(200);
  });
});
