import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY, type ListQuery } from "@/lib/entries/list-query";
import type { EntrySummary } from "@/lib/entries/types";
import { AppError } from "@/lib/errors";
import { dataTablesBody, dataTablesHead, dataTablesRow, stratuslabListRequest } from "./datatables";

const request = (query: string, segments: string[] = []) => stratuslabListRequest(new URLSearchParams(query), segments);

/** The query of the original's unpaged list with every default: what no parameter changes. */
const BASE: ListQuery = { ...DEFAULT_LIST_QUERY, pageSize: 100 };

describe("stratuslabListRequest", () => {
  it("without parameters: valid entries, every location, newest first, unpaged, unfiltered", () => {
    expect(request("")).toEqual({ query: BASE, echo: 0, paged: false, filtered: false });
  });

  it.each<[string, Partial<ListQuery>]>([
    // Status: a known value filters, an unknown one applies no filter (as the original did).
    ["status=expired", { status: "expired" }],
    ["status=deprecated", { status: "deprecated" }],
    ["status=all", { status: undefined }],
    ["status=bogus", { status: undefined }],
    ["location=web", { location: "web" }],
    ["location=pdisk", { location: "pdisk" }],
    ["location=ftp", { location: "all" }],
    // Sorting by column index, the direction as given, else the column's natural one.
    ["iSortCol_0=1", { sort: "os", order: "asc" }],
    ["iSortCol_0=1&sSortDir_0=desc", { sort: "os", order: "desc" }],
    ["iSortCol_0=1&sSortDir_0=ASC", { sort: "os", order: "asc" }],
    ["iSortCol_0=1&sSortDir_0=sideways", { sort: "os", order: "desc" }],
    ["iSortCol_0=4", { sort: "endorser", order: "asc" }],
    ["iSortCol_0=6", { sort: "created", order: "desc" }],
    ["iSortCol_0=6&sSortDir_0=asc", { sort: "created", order: "asc" }],
    ["iSortCol_0=7", { sort: "identifier", order: "asc" }],
    ["iSortCol_0=10&sSortDir_0=desc", { sort: "title", order: "desc" }],
    // Columns that cannot sort (the icon, the location) and indexes past the table keep the default.
    ["iSortCol_0=0&sSortDir_0=asc", {}],
    ["iSortCol_0=8&sSortDir_0=asc", {}],
    ["iSortCol_0=99", {}],
    // Searches: the global one is full text, the column ones substring filters, both trimmed and capped.
    ["sSearch=%20ubuntu%20server%20", { q: "ubuntu server" }],
    ["sSearch=%20%20", {}],
    [`sSearch=${"a".repeat(300)}`, { q: "a".repeat(200) }],
    ["sSearch_1=ubu&sSearch_3=x86&sSearch_4=example.org&sSearch_6=ignored", { contains: { os: "ubu", arch: "x86", email: "example.org" } }],
    ["sSearch_2=%2012.04%20&sSearch_5=machine", { contains: { osVersion: "12.04", kind: "machine" } }],
  ])("%s", (query, change) => {
    const result = request(query);
    expect(result.query).toEqual({ ...BASE, ...change });
    expect(result.filtered).toBe(false);
  });

  it.each<[string, string[], Partial<ListQuery>]>([
    ["", ["a@example.org"], { email: "a@example.org" }],
    ["", ["2014-03-08T14:10:40Z"], { created: "2014-03-08T14:10:40Z" }],
    ["", ["ABC123", "a@example.org"], { identifier: "ABC123", email: "a@example.org" }],
    ["identifier=ABC123", [], { identifier: "ABC123" }],
    // A parameter is classified by its value like a path segment, and comes after the path.
    ["email=2014-03-08T14:10:40Z", ["ABC"], { identifier: "ABC", created: "2014-03-08T14:10:40Z" }],
    ["identifier=XYZ", ["ABC"], { identifier: "XYZ" }],
  ])("%s with segments %j filters (an empty XML result is then a 404)", (query, segments, change) => {
    const result = request(query, segments);
    expect(result.query).toEqual({ ...BASE, ...change });
    expect(result.filtered).toBe(true);
  });

  it.each<[string, boolean, number, number]>([
    // Paging only when both are given and the length is positive; start rounds down to its page.
    ["iDisplayStart=0&iDisplayLength=10", true, 10, 1],
    ["iDisplayStart=20&iDisplayLength=10", true, 10, 3],
    ["iDisplayStart=25&iDisplayLength=10", true, 10, 3],
    ["iDisplayStart=500&iDisplayLength=1000", true, 100, 6],
    ["iDisplayStart=10", false, 100, 1],
    ["iDisplayLength=10", false, 100, 1],
    ["iDisplayStart=0&iDisplayLength=0", false, 100, 1],
    ["iDisplayStart=&iDisplayLength=", false, 100, 1],
  ])("%s: paged %s, %d per page, page %d", (query, paged, pageSize, page) => {
    const result = request(query);
    expect(result.paged).toBe(paged);
    expect([result.query.pageSize, result.query.page]).toEqual([pageSize, page]);
  });

  it("echoes sEcho", () => {
    expect(request("sEcho=7").echo).toBe(7);
  });

  it.each([
    ["sEcho=-1", 'sEcho must be a non-negative integer, not "-1"'],
    ["iDisplayStart=1.5&iDisplayLength=10", 'iDisplayStart must be a non-negative integer, not "1.5"'],
    ["iDisplayStart=0&iDisplayLength=ten", 'iDisplayLength must be a non-negative integer, not "ten"'],
    ["iSortCol_0=1e3", 'iSortCol_0 must be a non-negative integer, not "1e3"'],
    ["iDisplayStart=1234567890&iDisplayLength=10", 'iDisplayStart must be a non-negative integer, not "1234567890"'],
    [`sEcho=${"9".repeat(50)}x`, `sEcho must be a non-negative integer, not "${"9".repeat(40)}"`],
  ])("refuses %s with a 400", (query, message) => {
    let error: unknown;
    try {
      request(query);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toBe(message);
  });
});

const ENTRY: EntrySummary = {
  identifier: "ABC123",
  email: "a@example.org",
  created: "2014-03-08T14:10:40Z",
  title: "Ubuntu <b>server</b>",
  os: "Ubuntu",
  osVersion: "12.04",
  osArch: "x86_64",
  kind: "machine",
  description: "Tom & Jerry's",
  locations: ["https://example.org/a.img", "pdisk:host:1"],
  bytes: "1024",
  endorserName: "A",
  trust: "self-signed",
  certificateFingerprint: "00",
  latest: true,
};

describe("DataTables bodies", () => {
  it("writes a row in the original column order, escaped for HTML, with the string null for a missing value", () => {
    expect(dataTablesRow(ENTRY)).toEqual([
      "",
      "Ubuntu",
      "12.04",
      "x86_64",
      "a@example.org",
      "machine",
      "2014-03-08T14:10:40Z",
      "ABC123",
      "https://example.org/a.img",
      "Tom &amp; Jerry&apos;s",
      "Ubuntu &lt;b&gt;server&lt;/b&gt;",
    ]);
    const bare = dataTablesRow({
      ...ENTRY,
      title: undefined,
      os: "",
      osVersion: undefined,
      osArch: undefined,
      kind: undefined,
      description: undefined,
      locations: [],
    });
    expect(bare).toEqual(["", "null", "null", "null", "a@example.org", "null", "2014-03-08T14:10:40Z", "ABC123", "null", "null", "null"]);
  });

  it("counts the totals and says when nothing matched", () => {
    expect(dataTablesHead({ total: 3, totalUnfiltered: 10 }, 4, false)).toEqual({
      sEcho: 4,
      iTotalRecords: 10,
      iTotalDisplayRecords: 3,
      rMsg: "",
    });
    const empty = dataTablesBody({ items: [], total: 0, totalUnfiltered: 10, page: 1, pageSize: 10 }, 1);
    expect(empty).toEqual({ sEcho: 1, iTotalRecords: 10, iTotalDisplayRecords: 0, rMsg: "no metadata matching query found", aaData: [] });
    const full = dataTablesBody({ items: [ENTRY], total: 1, totalUnfiltered: 10, page: 1, pageSize: 10 }, 2);
    expect(full.rMsg).toBe("");
    expect(full.aaData).toEqual([dataTablesRow(ENTRY)]);
  });
});
