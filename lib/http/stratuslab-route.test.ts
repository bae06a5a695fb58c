import { describe, expect, it } from "vitest";
import { normalisePath, stratuslabHandlerPath } from "./stratuslab-route";

describe("normalisePath", () => {
  it.each([
    ["/", "/"],
    ["//", "/"],
    ["/metadata", "/metadata"],
    ["/metadata/", "/metadata"],
    ["//metadata//a@example.org///", "/metadata/a@example.org"],
    ["/endorsers/a@example.org/tags/", "/endorsers/a@example.org/tags"],
  ])("%s -> %s", (path, expected) => {
    expect(normalisePath(path)).toBe(expected);
  });
});

describe("stratuslabHandlerPath", () => {
  it("leaves a page's server action (a POST with Next-Action) to the pages, and only a POST", () => {
    expect(
      stratuslabHandlerPath(
        "POST",
        "/metadata/a/b@example.org/c",
        new URL("http://127.0.0.1/metadata/a/b@example.org/c"),
        "text/x-component",
        false,
        true,
      ),
    ).toBeUndefined();
    expect(stratuslabHandlerPath("POST", "/metadata", new URL("http://127.0.0.1/metadata"), null, false, false)).toBe(
      "/api/stratuslab/metadata",
    );
    expect(stratuslabHandlerPath("DELETE", "/metadata/x", new URL("http://127.0.0.1/metadata/x"), null, false, true)).toBe(
      "/api/stratuslab/metadata/x",
    );
  });

  const route = (method: string, path: string, query = "", accept: string | null = null, rsc = false, action = false) =>
    stratuslabHandlerPath(method, path, new URL(`http://127.0.0.1${path}${query}`), accept, rsc, action);
  const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  it.each<[string, string, string, string | null, boolean, string | undefined]>([
    // Reads go to the handlers in XML or JSON, to the pages in HTML.
    ["GET", "/metadata", "", null, false, "/api/stratuslab/metadata"],
    ["GET", "/metadata", "", "*/*", false, "/api/stratuslab/metadata"],
    ["GET", "/metadata", "", "application/json", false, "/api/stratuslab/metadata"],
    ["GET", "/metadata", "", BROWSER, false, undefined],
    // The SPARQL endpoint: results to programs, the form to browsers; the legacy sync to its handler.
    ["GET", "/query", "?query=x", null, false, "/api/stratuslab/query"],
    ["GET", "/query", "?query=x", "application/sparql-results+json", false, "/api/stratuslab/query"],
    ["GET", "/query", "", BROWSER, false, undefined],
    ["POST", "/sync", "", null, false, "/api/stratuslab/sync"],
    ["GET", "/queryx", "", null, false, undefined],
    ["HEAD", "/metadata", "", BROWSER, false, undefined],
    ["GET", "/metadata", "?media=xml", BROWSER, false, "/api/stratuslab/metadata"],
    ["GET", "/metadata", "?media=html", null, false, undefined],
    ["GET", "/metadata/a@example.org/2014-03-08T14:10:40Z", "", null, false, "/api/stratuslab/metadata/a@example.org/2014-03-08T14:10:40Z"],
    ["GET", "/endorsers", "", null, false, "/api/stratuslab/endorsers"],
    ["GET", "/endorsers/a@example.org/tags", "", "application/json", false, "/api/stratuslab/endorsers/a@example.org/tags"],
    ["GET", "/tag/a@example.org/base", "", null, false, "/api/stratuslab/tag/a@example.org/base"],
    // The app router's own navigations ask for a page's RSC payload with Accept */*.
    ["GET", "/metadata", "", "*/*", true, undefined],
    // Writes always go to the handlers, whatever they accept.
    ["POST", "/metadata", "", BROWSER, false, "/api/stratuslab/metadata"],
    ["POST", "/metadata", "", BROWSER, true, "/api/stratuslab/metadata"],
    ["DELETE", "/metadata/x", "", BROWSER, false, "/api/stratuslab/metadata/x"],
    // Other paths are not the original protocol's.
    ["GET", "/", "", null, false, undefined],
    ["GET", "/metadatax", "", null, false, undefined],
    ["GET", "/tags", "", null, false, undefined],
    ["GET", "/api/v1/entries", "", null, false, undefined],
    ["POST", "/upload", "", null, false, undefined],
  ])("%s %s%s (Accept %j, rsc %s) -> %s", (method, path, query, accept, rsc, expected) => {
    expect(route(method, path, query, accept, rsc)).toBe(expected);
  });
});
