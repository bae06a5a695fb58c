import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY } from "@/lib/entries/list-query-core";
import { activeFilterCount, endorserOptions, facetOptions, PAGE_SIZE_OPTIONS, sortOptions, versionsOf } from "./filter-options";

describe("filter options", () => {
  it("offers the sortable fields, and a field from the URL that the menu does not list", () => {
    const values = (current: Parameters<typeof sortOptions>[0]) => sortOptions(current).map((o) => o.value);
    expect(values("created")).toEqual(["created", "title", "os", "osVersion", "arch", "endorser", "kind"]);
    expect(values("identifier")).toEqual(["created", "title", "os", "osVersion", "arch", "endorser", "kind", "identifier"]);
  });

  it("offers the page sizes the page accepts", () => {
    expect(PAGE_SIZE_OPTIONS.map((o) => o.value)).toEqual(["10", "20", "50", "100"]);
  });

  it("puts Any first and keeps a value from the URL that the facets no longer list", () => {
    expect(facetOptions(["Debian", "Ubuntu"], undefined, "Any OS")).toEqual([
      { value: "", label: "Any OS" },
      { value: "Debian", label: "Debian" },
      { value: "Ubuntu", label: "Ubuntu" },
    ]);
    expect(facetOptions(["Debian"], "Debian", "Any OS").map((o) => o.value)).toEqual(["", "Debian"]);
    expect(facetOptions(["Debian"], "CentOS", "Any OS").map((o) => o.value)).toEqual(["", "CentOS", "Debian"]);
  });

  it("narrows the OS versions to the chosen OS, case-insensitively", () => {
    const facets = { osVersion: ["12.04", "14.04", "7"], osVersionsByOs: { ubuntu: ["12.04", "14.04"], debian: ["7"] } };
    expect(versionsOf(facets, undefined)).toEqual(["12.04", "14.04", "7"]);
    expect(versionsOf(facets, "Ubuntu")).toEqual(["12.04", "14.04"]);
    expect(versionsOf(facets, "Plan9")).toEqual([]);
  });

  it("names endorsers, with the email where a name is shared or missing, and keeps one from the URL", () => {
    const endorsers = [
      { email: "a@example.org", name: "Alice" },
      { email: "b1@example.org", name: "Bob" },
      { email: "b2@example.org", name: "Bob" },
      { email: "c@example.org", name: "" },
    ];
    expect(endorserOptions(endorsers, undefined)).toEqual([
      { value: "", label: "Any endorser" },
      { value: "a@example.org", label: "Alice" },
      { value: "b1@example.org", label: "Bob (b1@example.org)" },
      { value: "b2@example.org", label: "Bob (b2@example.org)" },
      { value: "c@example.org", label: "c@example.org (c@example.org)" },
    ]);
    expect(endorserOptions(endorsers, "a@example.org")).toHaveLength(5);
    expect(endorserOptions(endorsers, "z@example.org").slice(0, 2)).toEqual([
      { value: "", label: "Any endorser" },
      { value: "z@example.org", label: "z@example.org" },
    ]);
  });

  it("counts the sidebar filters that differ from their defaults", () => {
    expect(activeFilterCount(DEFAULT_LIST_QUERY, false)).toBe(0);
    const q = {
      ...DEFAULT_LIST_QUERY,
      status: undefined,
      location: "web" as const,
      os: "Ubuntu",
      osVersion: "12.04",
      arch: "x86_64",
      kind: "machine",
      integrity: "verified" as const,
    };
    expect(activeFilterCount(q, false)).toBe(7);
    // Not sidebar filters: search, sort, page.
    expect(activeFilterCount({ ...DEFAULT_LIST_QUERY, q: "x", sort: "title", page: 3 }, false)).toBe(0);
    // The endorser counts only when chosen in the sidebar, not from the path.
    expect(activeFilterCount({ ...DEFAULT_LIST_QUERY, email: "a@example.org" }, false)).toBe(1);
    expect(activeFilterCount({ ...DEFAULT_LIST_QUERY, email: "a@example.org" }, true)).toBe(0);
  });
});
