import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY, type ListQuery } from "@/lib/entries/list-query-core";
import { apiUrl, pageUrl } from "./listing-urls";

const query = (change: Partial<ListQuery>): ListQuery => ({ ...DEFAULT_LIST_QUERY, ...change });

describe("listing URLs", () => {
  it("asks the JSON API for every filter, path filters included", () => {
    expect(apiUrl(DEFAULT_LIST_QUERY)).toBe("/api/v1/entries");
    expect(apiUrl(query({ email: "a@example.org", os: "Ubuntu", page: 2 }))).toBe("/api/v1/entries?os=Ubuntu&email=a%40example.org&page=2");
  });

  it("keeps path filters in the path of the page URL and the rest in its query string", () => {
    expect(pageUrl("/metadata", DEFAULT_LIST_QUERY, [])).toBe("/metadata");
    expect(pageUrl("/metadata/a@example.org", query({ email: "a@example.org" }), ["email"])).toBe("/metadata/a@example.org");
    expect(
      pageUrl("/metadata/ABC/a@example.org", query({ identifier: "ABC", email: "a@example.org", sort: "title", order: "asc" }), [
        "identifier",
        "email",
      ]),
    ).toBe("/metadata/ABC/a@example.org?sort=title");
    // A filter that is not in the path stays in the query string.
    expect(pageUrl("/metadata/a@example.org", query({ email: "a@example.org", identifier: "ABC" }), ["email"])).toBe(
      "/metadata/a@example.org?identifier=ABC",
    );
  });
});
