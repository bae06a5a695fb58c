import { describe, expect, it } from "vitest";
import { C14N } from "../signature/algorithms";
import { canonicalize } from "../signature/canonicalize";
import { parseStrict } from "../xml/strict-parse";
import { UNSIGNED_ENTRY } from "../__tests__/signing-helpers";
import { checkContent } from "./check-content";

describe("the content checks", () => {
  it("read the entry and its triples from canonical content", () => {
    const parsed = parseStrict(UNSIGNED_ENTRY);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const result = checkContent(canonicalize(parsed.document.documentElement, C14N, { comments: false }));
    expect(result.problems).toEqual([]);
    expect(result.entry?.title).toBe("Original title");
    expect(result.quads.length).toBeGreaterThan(10);
  });

  // The strict parse keeps such content from getting here; if something slips past it, the author
  // gets a problem (HTTP 400), not an exception (HTTP 500).
  it.each([
    ["unclosed elements", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>'],
    ["a reserved prefix misused", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:xml="urn:x"/>'],
    ["a forbidden character", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&#0;</rdf:RDF>'],
    ["no markup at all", "not XML"],
  ])("turn content the XML parser cannot read (%s) into a problem", (_name, content) => {
    const result = checkContent(content);
    expect(result.entry).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.code).toBe("xml.malformed");
    expect(result.problems[0]?.message).toMatch(/^the content could not be read: not well-formed XML: /);
  });
});
