import { describe, expect, it } from "vitest";
import { allowedQuery, MAX_ROWS, QUERY_NOT_ALLOWED } from "./query-policy";

const DCT = "<http://purl.org/dc/terms/identifier>";

describe("the queries /query runs", () => {
  it("runs a SELECT as written when its LIMIT is within the cap", () => {
    const text = `select ?identifier where { ?x ${DCT} ?identifier } limit 5`;
    expect(allowedQuery(text)).toEqual({ text, capped: false });
  });

  it("writes the cap into a SELECT without a LIMIT or with a larger one", () => {
    for (const text of [`select ?identifier where { ?x ${DCT} ?identifier }`, `select * where { ?s ?p ?o } limit 99999999`]) {
      const allowed = allowedQuery(text);
      expect(allowed.capped).toBe(true);
      expect(allowed.text).toMatch(new RegExp(`LIMIT ${MAX_ROWS}\\s*$`));
    }
  });

  // The original's QueryResourceTest: FROM, FROM NAMED and a top-level GRAPH are refused with its words.
  it.each([
    `select ?identifier FROM <http://marketplace.stratuslab.eu> WHERE { ?x ${DCT} ?identifier }`,
    `select ?identifier FROM NAMED <http://marketplace.stratuslab.eu> WHERE { ?x ${DCT} ?identifier }`,
    `select ?identifier WHERE { GRAPH <http://marketplace.stratuslab.eu> { ?x ${DCT} ?identifier } . }`,
    `ask { ?s ?p ?o }`,
    `construct { ?s ?p ?o } where { ?s ?p ?o }`,
    `describe <http://mp.stratuslab.eu/#x>`,
    `select * where { optional { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }`,
    `select * where { { select ?s where { service <http://169.254.169.254/> { ?s ?p ?o } } } }`,
    `insert data { <a:b> <a:c> <a:d> }`,
  ])("refuses %s", (text) => {
    expect(() => allowedQuery(text)).toThrow(expect.objectContaining({ status: 400, message: QUERY_NOT_ALLOWED }));
  });

  it("refuses a syntax error with the parser's message, and an oversized query", () => {
    expect(() => allowedQuery(`seect ?identifier where { ?x ${DCT} ?identifier }`)).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringMatching(/^the query cannot be parsed: /) }),
    );
    expect(() => allowedQuery(`select * where { ?s ?p "${"x".repeat(30_000)}" }`)).toThrow(/longer than 20000 characters/);
  });
});
