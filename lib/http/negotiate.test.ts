import { describe, expect, it } from "vitest";
import { errorRepresentation, negotiate, parseAccept } from "./negotiate";

const url = (query = "") => new URL(`http://marketplace.test/metadata${query}`);

describe("parseAccept", () => {
  it("orders by quality, then by position, and drops q=0 and empty items", () => {
    expect(parseAccept("text/html;q=0.5, application/json, , application/xml;q=0, text/xml;q=0.5").map((i) => i.type)).toEqual([
      "application/json",
      "text/html",
      "text/xml",
    ]);
  });

  it("reads a type case-insensitively and an unreadable quality as 0", () => {
    expect(parseAccept("Application/JSON ; Q=0.3")).toEqual([{ type: "application/json", quality: 0.3, order: 0 }]);
    expect(parseAccept("application/json;q=abc")).toEqual([]);
    expect(parseAccept(null)).toEqual([]);
  });
});

describe("negotiate (the representation of a read)", () => {
  it.each<[string, string | null, ReturnType<typeof negotiate>]>([
    // No Accept, or curl's */*: XML, as the original answered.
    ["", null, "xml"],
    ["", "", "xml"],
    ["", "*/*", "xml"],
    ["", "application/*", "xml"],
    ["", "image/png", "xml"],
    ["", "application/xml", "xml"],
    ["", "application/rdf+xml", "xml"],
    ["", "text/xml", "xml"],
    ["", "application/json", "json"],
    ["", "application/sparql-results+json", "json"],
    ["", "text/html", "html"],
    ["", "application/xhtml+xml", "html"],
    // A browser's Accept: text/html first.
    ["", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"],
    // Quality wins over order; order breaks ties.
    ["", "text/html;q=0.5, application/json", "json"],
    ["", "application/json, text/html", "json"],
    ["", "text/html, application/json", "html"],
    // An unknown type is skipped, the next known one decides.
    ["", "image/png, application/json", "json"],
    ["", "application/json;q=0, text/html", "html"],
    // */* before a known type means XML.
    ["", "*/*, text/html", "xml"],
    ["", "application/*, text/html", "xml"],
    // ?media= overrides Accept, case-insensitively; an unknown value is ignored.
    ["?media=json", "text/html", "json"],
    ["?media=XML", "application/json", "xml"],
    ["?media=html", null, "html"],
    ["?media=pdf", "application/json", "json"],
    ["?media=", "text/html", "html"],
  ])("%s with Accept %j gives %s", (query, accept, expected) => {
    expect(negotiate(url(query), accept)).toBe(expected);
  });
});

describe("errorRepresentation (the first-type rule of error bodies)", () => {
  it.each<[string, string | null, ReturnType<typeof errorRepresentation>]>([
    ["", null, "xml"],
    ["", "", "xml"],
    ["", "*/*", "xml"],
    ["", "application/xml", "xml"],
    ["", "text/xml;q=0.1", "xml"],
    ["", "application/json", "json"],
    ["", "Application/JSON; charset=utf-8", "json"],
    ["", "text/html", "html"],
    // Only the first type counts, whatever the qualities: negotiate would pick JSON here.
    ["", "text/html;q=0.1, application/json", "html"],
    ["", "application/json;q=0.1, text/html", "json"],
    ["", "*/*, text/html", "xml"],
    // A first type of no known representation gets the HTML page (negotiate gives XML).
    ["", "image/png, application/xml", "html"],
    ["", "application/*", "html"],
    ["?media=json", "text/html", "json"],
    ["?media=Html", "application/xml", "html"],
    ["?media=bogus", "application/json", "json"],
  ])("%s with Accept %j gives %s", (query, accept, expected) => {
    expect(errorRepresentation(url(query), accept)).toBe(expected);
  });
});
