import { describe, expect, it } from "vitest";
import {
  classifyValue,
  DEFAULT_LIST_QUERY,
  listParamsSchema,
  readPageParams,
  toListQuery,
  toSearchParams,
  withPathFilters,
  type ListQuery,
} from "./list-query";

/** What the JSON API and the pages do with a URL: parse it, as a query. */
const parse = (search: string | URLSearchParams): ListQuery =>
  toListQuery(listParamsSchema.parse(Object.fromEntries(new URLSearchParams(search))));

describe("list query URL round trips (parse -> serialise -> parse)", () => {
  it.each([
    "",
    "status=expired",
    "status=deprecated",
    "status=all",
    "location=web",
    "location=pdisk",
    "q=ubuntu+server",
    "os=Ubuntu&osVersion=12.04&arch=x86_64&kind=machine",
    "tag=base&identifier=ABC123&email=a%40example.org&created=2014-03-08T14%3A10%3A40Z",
    "sort=title",
    "sort=title&order=desc",
    "sort=created&order=asc",
    "pageSize=50&page=3",
    "q=%C3%A9t%C3%A9+%26+%3D%3F",
    "status=all&location=pdisk&q=x&sort=os&order=desc&pageSize=10&page=2",
  ])("%j", (search) => {
    const query = parse(search);
    const written = toSearchParams(query);
    expect(parse(written)).toEqual(query);
    // Serialising is canonical: the same query is written the same way, with defaults left out.
    expect(toSearchParams(parse(written)).toString()).toBe(written.toString());
  });

  it("leaves every default out of the URL", () => {
    expect(toSearchParams(DEFAULT_LIST_QUERY).toString()).toBe("");
    expect(parse("status=valid&location=all&sort=created&order=desc&pageSize=20&page=1")).toEqual(DEFAULT_LIST_QUERY);
    expect(toSearchParams(parse("status=valid&location=all&sort=created&order=desc&pageSize=20&page=1")).toString()).toBe("");
  });

  it("writes the order only when it is not the sort's natural one", () => {
    expect(toSearchParams({ ...DEFAULT_LIST_QUERY, sort: "title", order: "asc" }).toString()).toBe("sort=title");
    expect(toSearchParams({ ...DEFAULT_LIST_QUERY, sort: "title", order: "desc" }).toString()).toBe("sort=title&order=desc");
    expect(toSearchParams({ ...DEFAULT_LIST_QUERY, order: "asc" }).toString()).toBe("order=asc");
  });

  it("writes every status as status=all", () => {
    expect(toSearchParams({ ...DEFAULT_LIST_QUERY, status: undefined }).toString()).toBe("status=all");
    expect(parse("status=all").status).toBeUndefined();
  });

  it("drops empty text parameters and trims the others", () => {
    expect(parse("q=&os=%20Ubuntu%20")).toEqual({ ...DEFAULT_LIST_QUERY, os: "Ubuntu" });
  });
});

describe("listParamsSchema (the JSON API refuses what it does not know)", () => {
  it.each([
    ["status=bogus", "status", "must be one of valid, expired, deprecated, all"],
    ["location=ftp", "location", "must be all, web or pdisk"],
    ["sort=size", "sort", "must be one of created, title, os, osVersion, arch, endorser, kind, identifier"],
    ["order=up", "order", "must be asc or desc"],
    ["pageSize=0", "pageSize", "must be at least 1"],
    ["pageSize=101", "pageSize", "must be at most 100"],
    ["pageSize=2.5", "pageSize", "must be a whole number"],
    ["page=0", "page", "must be at least 1"],
    ["created=2014-03-08", "created", "must be a date like 2014-03-08T14:10:40Z"],
    [`q=${"a".repeat(201)}`, "q", "is longer than 200 characters"],
    ["q=a%00b", "q", "contains a control character"],
  ])("%s", (search, path, message) => {
    const result = listParamsSchema.safeParse(Object.fromEntries(new URLSearchParams(search)));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([[path, message]]);
  });
});

describe("readPageParams (the pages fall back to the default and say so)", () => {
  it("keeps the values it can use", () => {
    expect(readPageParams({ status: "expired", sort: "os", pageSize: "50", page: "2", q: "x" })).toEqual({
      params: { status: "expired", sort: "os", pageSize: 50, page: 2, q: "x", cursor: undefined },
      notices: [],
    });
  });

  it.each<[Record<string, string | string[]>, string[]]>([
    [{ status: "bogus" }, ["unknown status ‘bogus’, showing valid entries"]],
    [{ location: "ftp" }, ["unknown location ‘ftp’, showing every location"]],
    [{ sort: "size" }, ["unknown sort ‘size’, sorted by date"]],
    [{ order: "up" }, ["unknown order ‘up’, in the default order"]],
    [{ pageSize: "abc" }, ["unsupported page size ‘abc’, showing 20 per page"]],
    // A size the JSON API allows but the page's select does not offer.
    [{ pageSize: "30" }, ["unsupported page size ‘30’, showing 20 per page"]],
    [{ page: "0" }, ["unsupported page ‘0’, showing page 1"]],
    [{ created: "yesterday" }, ["unsupported created ‘yesterday’, showing the latest entries"]],
    [{ q: "a\u0001" }, ["unusable search ‘a\u0001’, ignored"]],
    [{ osVersion: "x".repeat(201) }, [`unusable OS version ‘${"x".repeat(40)}…’, ignored`]],
    [{ status: "bogus", sort: "size" }, ["unknown status ‘bogus’, showing valid entries", "unknown sort ‘size’, sorted by date"]],
  ])("%j", (searchParams, notices) => {
    const result = readPageParams(searchParams);
    expect(result.notices).toEqual(notices);
    expect(toListQuery(result.params)).toEqual(DEFAULT_LIST_QUERY);
  });

  it("reads the first of repeated values, ignores unknown names and never pages by cursor", () => {
    expect(readPageParams({ status: ["expired", "valid"], utm_source: "x", cursor: "abc", page: undefined })).toEqual({
      params: { status: "expired", cursor: undefined },
      notices: [],
    });
  });
});

describe("path filters", () => {
  it.each([
    ["a@example.org", "email"],
    ["first.last+tag@sub.example.org", "email"],
    ["2014-03-08T14:10:40Z", "created"],
    ["2014-03-08", "identifier"],
    ["2014-03-08T14:10:40.123Z", "identifier"],
    ["ABC123xyz", "identifier"],
    ["not@an email", "identifier"],
  ])("%s is an %s", (value, kind) => {
    expect(classifyValue(value)).toBe(kind);
  });

  it("adds segments by their shape, leaving the query it was given alone", () => {
    const query = { ...DEFAULT_LIST_QUERY };
    expect(withPathFilters(query, ["ABC", "a@example.org", "2014-03-08T14:10:40Z"])).toEqual({
      ...DEFAULT_LIST_QUERY,
      identifier: "ABC",
      email: "a@example.org",
      created: "2014-03-08T14:10:40Z",
    });
    expect(query).toEqual(DEFAULT_LIST_QUERY);
  });
});
