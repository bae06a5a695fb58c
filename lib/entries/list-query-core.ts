/**
 * The zod-free half of list-query.ts: the query's shape, its defaults, path classification and its
 * URL form. Client components import this module so the listing does not ship zod (~30 kB gzip);
 * everything here is also re-exported by list-query.ts.
 */
import { METADATA_DATE_PATTERN } from "@/lib/metadata/dates";
import type { IntegrityFilter } from "./integrity";
import type { LOCATION_KINDS, STATUSES } from "./status";

export const SORT_FIELDS = ["created", "title", "os", "osVersion", "arch", "endorser", "kind", "identifier"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ListQuery {
  /** `undefined` = every status (the original applied no status filter for unknown values). */
  status?: (typeof STATUSES)[number];
  location: (typeof LOCATION_KINDS)[number];
  /** Exact filters, from path segments classified by value or from parameters. */
  identifier?: string;
  email?: string;
  /** `yyyy-MM-ddTHH:mm:ssZ`. With it, every entry matches, not only the latest per (identifier, email). */
  created?: string;
  /** dcterms:alternative. */
  tag?: string;
  /** Full text over title, description, OS, identifier, endorser, location, tag. Terms are ANDed, prefix-matched. */
  q?: string;
  /** Exact (case-insensitive) facet filters. */
  os?: string;
  osVersion?: string;
  arch?: string;
  kind?: string;
  /** The integrity monitor's verdict: only entries whose image was verified, or only those failing. */
  integrity?: IntegrityFilter;
  /** Case-insensitive substring filters: the DataTables column searches of the original page. */
  contains?: Partial<Record<"os" | "osVersion" | "arch" | "email" | "kind", string>>;
  sort: SortField;
  order: "asc" | "desc";
  pageSize: number;
  /** 1-based page number (web pages, original `iDisplayStart`). */
  page: number;
  /** Opaque keyset cursor of the JSON API; when present, `page` is ignored. */
  cursor?: string;
}

export const DEFAULT_LIST_QUERY: ListQuery = {
  status: "valid",
  location: "all",
  sort: "created",
  order: "desc",
  pageSize: DEFAULT_PAGE_SIZE,
  page: 1,
};

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/;

/** What a path segment or value filter means, by its shape (reference section 4.3). */
export function classifyValue(value: string): "email" | "created" | "identifier" {
  if (EMAIL.test(value)) return "email";
  // `yyyy-MM-ddTHH:mm:ssZ`, the only date form of entries and their URLs.
  if (METADATA_DATE_PATTERN.test(value)) return "created";
  return "identifier";
}

/** Adds the path segments of `/metadata/{a}/{b}` as filters, classified by value. */
export function withPathFilters(query: ListQuery, segments: string[]): ListQuery {
  const result = { ...query };
  for (const segment of segments) result[classifyValue(segment)] = segment;
  return result;
}

/** The query as URL parameters, leaving out defaults, for shareable links and the client cache key. */
export function toSearchParams(query: ListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.status !== "valid") params.set("status", query.status ?? "all");
  if (query.location !== "all") params.set("location", query.location);
  for (const key of ["q", "os", "osVersion", "arch", "kind", "tag", "identifier", "email", "created", "integrity"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.sort !== "created") params.set("sort", query.sort);
  if (query.order !== (query.sort === "created" ? "desc" : "asc")) params.set("order", query.order);
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(query.pageSize));
  if (query.page !== 1) params.set("page", String(query.page));
  return params;
}
