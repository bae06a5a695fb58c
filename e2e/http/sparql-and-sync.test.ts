/**
 * The rest of the original contract (issue 12, item 6), through production servers on the run's
 * database: `GET /query` runs the original QueryResourceTest's queries with the same outcome (the
 * uploaded entry's identifier; a syntax error 400; FROM, FROM NAMED and GRAPH `400 query not allowed.`),
 * in SPARQL results XML, JSON and the HTML form, sees a new upload at once, and stops a query that
 * runs past SPARQL_TIMEOUT_MS with a 422; `POST /sync` on a replica indexes the files the legacy rsync
 * script brought, verifying each: a good one is stored byte for byte, a tampered one refused with the
 * reason, a path out of the sync directory a 400; a master has no such resource.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifierOf } from "@/db/testing/signed-entries";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";
import { entryPath } from "@/lib/entries/entry-urls";
import { errorText, request, uploadFixture, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const FIXTURE_ID = /<dcterms:identifier>([^<]+)<\/dcterms:identifier>/.exec(
  readFixture("marketplace/valid-indate-signature.xml").toString(),
)![1]!;
const DCT = "<http://purl.org/dc/terms/identifier>";
let master: MarketplaceServer;
let replica: MarketplaceServer;

beforeAll(async () => {
  [master, replica] = await Promise.all([
    startMarketplace({ SPARQL_TIMEOUT_MS: "1000" }),
    startMarketplace({ MARKETPLACE_TYPE: "replica" }),
  ]);
  expect((await uploadFixture(master.url, "valid-indate-signature.xml")).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await Promise.all([master?.stop(), replica?.stop()]);
});

const query = (text: string, accept = "application/sparql-results+xml") =>
  request(`${master.url}/query?query=${encodeURIComponent(text)}`, { headers: { Accept: accept } });

describe("GET /query", () => {
  it("returns the uploaded entry's identifier, as SPARQL results XML and JSON", async () => {
    const text = `select ?identifier where { ?x ${DCT} ?identifier }`;
    const xml = await query(text);
    expect(xml.status).toBe(200);
    expect(xml.headers.get("content-type")).toBe("application/sparql-results+xml; charset=utf-8");
    expect(xml.text).toContain(`<binding name="identifier"><literal>${FIXTURE_ID}</literal></binding>`);
    const json = await query(text, "application/sparql-results+json");
    expect(JSON.parse(json.text)).toEqual({
      head: { vars: ["identifier"] },
      results: { bindings: [{ identifier: { type: "literal", value: FIXTURE_ID } }] },
    });
    expect(json.headers.get("x-result-limit")).toBe("10000");
  });

  it("refuses a syntax error with the parser's message, and FROM, FROM NAMED, GRAPH and SERVICE with the original's words", async () => {
    const typo = await query(`seect ?identifier where { ?x ${DCT} ?identifier }`);
    expect(typo.status).toBe(400);
    expect(errorText(typo)).toMatch(/^the query cannot be parsed: /);
    for (const text of [
      `select ?identifier FROM <http://marketplace.stratuslab.eu> WHERE { ?x ${DCT} ?identifier }`,
      `select ?identifier FROM NAMED <http://marketplace.stratuslab.eu> WHERE { ?x ${DCT} ?identifier }`,
      `select ?identifier WHERE { GRAPH <http://marketplace.stratuslab.eu> { ?x ${DCT} ?identifier } . }`,
      `select * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }`,
    ]) {
      const reply = await query(text);
      expect(reply.status, text).toBe(400);
      expect(errorText(reply)).toBe("query not allowed.");
    }
    expect((await query("")).status).toBe(204);
  });

  it("sees a new upload at once", async () => {
    expect(
      (
        await uploadXml(
          master.url,
          await signedDocument({ image: "sparql image", created: "2026-01-01T00:00:00Z", email: "sparql@example.org" }),
        )
      ).status,
    ).toBe(201);
    const reply = await query(`select ?identifier where { ?x ${DCT} ?identifier } order by ?identifier`, "application/json");
    const values = (JSON.parse(reply.text) as { results: { bindings: Array<{ identifier: { value: string } }> } }).results.bindings.map(
      (b) => b.identifier.value,
    );
    expect(values.sort()).toEqual([FIXTURE_ID, identifierOf("sparql image")].sort());
  });

  it("stops a query that would run long at the time cap with a 422, and answers the next one", async () => {
    // Seven unbound patterns over the store's few dozen triples: some 10^11 rows to count, on any machine far past the cap.
    const long = await query(
      `select (count(*) as ?n) where { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r . ?s ?t ?u }`,
    );
    expect(long.status).toBe(422);
    expect(errorText(long)).toMatch(/ran longer than 1 s and was stopped/);
    const next = await query(`select ?identifier where { ?x ${DCT} ?identifier }`);
    expect(next.status).toBe(200);
    expect(next.text).toContain(FIXTURE_ID);
  });

  it("has an HTML form whose results are a table, and whose refusals stand beside the field", async () => {
    const page = await request(
      `${master.url}/query?query=${encodeURIComponent(`select ?identifier\r\nwhere {\r\n\t?x ${DCT} ?identifier\r\n}`)}`,
      {
        headers: { Accept: "text/html" },
      },
    );
    // A query typed in the form has line breaks and tabs: they reach the engine.
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="sparql-results"');
    expect(page.text).toContain(FIXTURE_ID);
    const refused = await request(`${master.url}/query?query=${encodeURIComponent(`select * from <x:y> where { ?s ?p ?o }`)}`, {
      headers: { Accept: "text/html" },
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('role="alert"');
    expect(refused.text).toContain("query not allowed.");
  });
});

describe("POST /sync", () => {
  const post = (server: MarketplaceServer, body: string) =>
    request(`${server.url}/sync`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });

  it("is a replica's only", async () => {
    const reply = await post(master, "");
    expect(reply.status).toBe(403);
    expect(errorText(reply)).toBe("only a replica indexes synced files");
  });

  it("indexes the files the rsync script brought, verifying each, and processes the .sync list", async () => {
    const dir = path.join(replica.dataDir, "sync");
    const place = (key: { identifier: string; email: string; created: string }, xml: string | Buffer) => {
      fs.mkdirSync(path.join(dir, key.identifier, key.email), { recursive: true });
      fs.writeFileSync(path.join(dir, key.identifier, key.email, `${key.created}.xml`), xml);
      return `${key.identifier}/${key.email}/${key.created}`;
    };
    expect(await post(replica, "")).toMatchObject({ status: 202, text: "no sync list to process" });
    const good = await signedDocument({ image: "synced image", created: "2026-01-01T00:00:00Z" });
    const goodKey = { identifier: identifierOf("synced image"), email: "jane.tester@example.org", created: "2026-01-01T00:00:00Z" };
    const goodPath = place(goodKey, good);
    expect(await post(replica, `path=${encodeURIComponent(goodPath)}`)).toMatchObject({ status: 202, text: "synced metadata entry" });
    expect((await request(`${replica.url}${entryPath(goodKey)}`, { headers: { Accept: "application/xml" } })).bytes).toEqual(
      Buffer.from(good),
    );

    const listed = await signedDocument({ image: "listed image", created: "2026-01-01T00:00:00Z", title: "as signed" });
    const listedKey = { identifier: identifierOf("listed image"), email: "jane.tester@example.org", created: "2026-01-01T00:00:00Z" };
    const tamperedKey = { identifier: identifierOf("tampered image"), email: "jane.tester@example.org", created: "2026-01-01T00:00:00Z" };
    const tampered = (await signedDocument({ image: "tampered image", created: "2026-01-01T00:00:00Z", title: "as signed" })).replace(
      "as signed",
      "as changed",
    );
    fs.writeFileSync(path.join(dir, ".sync"), `${place(listedKey, listed)}\n${place(tamperedKey, tampered)}\n`);
    const processed = await post(replica, "");
    expect(processed.status).toBe(200);
    expect(processed.text.split("\n")[0]).toBe("sync list processed");
    expect(processed.text).toMatch(new RegExp(`refused ${tamperedKey.identifier}/.*: the document was changed after it was signed`));
    expect(fs.existsSync(path.join(dir, ".sync"))).toBe(false);
    expect((await request(`${replica.url}${entryPath(listedKey)}`, { headers: { Accept: "application/xml" } })).status).toBe(200);
    expect((await request(`${replica.url}${entryPath(tamperedKey)}`, { headers: { Accept: "application/xml" } })).status).toBe(404);

    const single = await post(
      replica,
      `path=${encodeURIComponent(`${tamperedKey.identifier}/${tamperedKey.email}/${tamperedKey.created}`)}`,
    );
    expect(single.status).toBe(422);
    expect(errorText(single)).toMatch(/^unable to sync metadata entry: the document was changed after it was signed/);
  });

  it("refuses a path that is not a key (no way out of the sync directory)", async () => {
    for (const bad of ["../../etc/passwd", `${identifierOf("x")}/jane@example.org/../../x`, "a/b/c/d"]) {
      const reply = await post(replica, `path=${encodeURIComponent(bad)}`);
      expect(reply.status, bad).toBe(400);
      expect(errorText(reply)).toMatch(/is not a key of the form &lt;identifier&gt;\/&lt;email&gt;\/&lt;created&gt;$/);
    }
  });
});
