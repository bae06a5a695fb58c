/**
 * The jQuery DataTables protocol of the original listing page (reference section 4.3): parameters in,
 * `{sEcho, iTotalRecords, iTotalDisplayRecords, rMsg, aaData}` out, with the string "null" for
 * missing values. Paging applies only when both iDisplayStart and iDisplayLength are given.
 */
import { AppError } from "@/lib/errors";
import { classifyValue, type ListQuery, type SortField } from "@/lib/entries/list-query";
import type { EntrySummary, ListPage } from "@/lib/entries/types";
import { STATUSES } from "@/lib/entries/status";
import { escapeXml } from "@/lib/http/escape";

/** Columns of the original table; iSortCol_0 indexes this list. */
const COLUMNS: Array<SortField | undefined> = [
  undefined,
  "os",
  "osVersion",
  "arch",
  "endorser",
  "kind",
  "created",
  "identifier",
  undefined,
  "title",
  "title",
];
const CONTAINS = ["os", "osVersion", "arch", "email", "kind"] as const;

export interface StratusLabListRequest {
  query: ListQuery;
  /** Echoed back as sEcho. */
  echo: number;
  paged: boolean;
  /** Any identifier, email, created, tag or path filter: an empty XML result is then a 404. */
  filtered: boolean;
}

export function stratuslabListRequest(params: URLSearchParams, segments: string[]): StratusLabListRequest {
  const query: ListQuery = {
    status: statusOf(params.get("status")),
    location: locationOf(params.get("location")),
    sort: "created",
    order: "desc",
    // Without paging the original returned every match: those lists stream (metadata-resource.ts).
    pageSize: 100,
    page: 1,
  };
  let filtered = false;
  for (const value of [...segments, ...["identifier", "email", "created"].map((p) => params.get(p))]) {
    if (value) {
      query[classifyValue(value)] = value;
      filtered = true;
    }
  }
  const search = params.get("sSearch")?.trim();
  if (search) query.q = search.slice(0, 200);
  CONTAINS.forEach((column, i) => {
    const value = params.get(`sSearch_${i + 1}`)?.trim();
    if (value) query.contains = { ...query.contains, [column]: value.slice(0, 200) };
  });
  const sortColumn = integer(params.get("iSortCol_0"), "iSortCol_0");
  const sortField = sortColumn === undefined ? "created" : COLUMNS[sortColumn];
  if (sortField) {
    query.sort = sortField;
    query.order =
      params.get("sSortDir_0")?.toLowerCase() === "asc"
        ? "asc"
        : params.get("sSortDir_0")
          ? "desc"
          : sortField === "created"
            ? "desc"
            : "asc";
  }
  const start = integer(params.get("iDisplayStart"), "iDisplayStart");
  const length = integer(params.get("iDisplayLength"), "iDisplayLength");
  const paged = start !== undefined && length !== undefined && length > 0;
  if (paged) {
    query.pageSize = Math.min(length, 100);
    query.page = Math.floor(start / query.pageSize) + 1;
  }
  return { query, echo: integer(params.get("sEcho"), "sEcho") ?? 0, paged, filtered };
}

export function dataTablesBody(page: ListPage, echo: number): Record<string, unknown> {
  return { ...dataTablesHead(page, echo, page.items.length === 0), aaData: page.items.map(dataTablesRow) };
}

/** Everything but the rows, for a body whose rows stream after it. */
export function dataTablesHead(totals: Pick<ListPage, "total" | "totalUnfiltered">, echo: number, empty: boolean): Record<string, unknown> {
  return {
    sEcho: echo,
    iTotalRecords: totals.totalUnfiltered,
    iTotalDisplayRecords: totals.total,
    rMsg: empty ? "no metadata matching query found" : "",
  };
}

/**
 * One row. The original page put cells into the table as HTML, and so may other clients of this
 * protocol: metadata text is escaped for HTML here, so an entry cannot carry markup into them.
 */
export function dataTablesRow(entry: EntrySummary): string[] {
  const value = (v: string | undefined) => (v === undefined || v === "" ? "null" : escapeXml(v));
  return [
    "",
    value(entry.os),
    value(entry.osVersion),
    value(entry.osArch),
    escapeXml(entry.email),
    value(entry.kind),
    entry.created,
    escapeXml(entry.identifier),
    value(entry.locations[0]),
    value(entry.description),
    value(entry.title),
  ];
}

/** The original applied no status filter for unknown values. */
function statusOf(value: string | null): ListQuery["status"] {
  if (value === null) return "valid";
  return (STATUSES as readonly string[]).includes(value) ? (value as ListQuery["status"]) : undefined;
}

function locationOf(value: string | null): ListQuery["location"] {
  return value === "web" || value === "pdisk" ? value : "all";
}

function integer(value: string | null, name: string): number | undefined {
  if (value === null || value === "") return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new AppError("bad_request", `${name} must be a non-negative integer, not "${value.slice(0, 40)}"`);
  return Number(value);
}
