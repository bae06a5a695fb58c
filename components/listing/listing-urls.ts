import { toSearchParams, type ListQuery } from "@/lib/entries/list-query-core";

/** Filters that come from the path (`/metadata/{a}/{b}`) and so are not repeated in the query string. */
export type PathFilter = "identifier" | "email" | "created";

/** The JSON API request for a query: every filter as a parameter, path filters included. */
export function apiUrl(query: ListQuery): string {
  const params = toSearchParams(query).toString();
  return params ? `/api/v1/entries?${params}` : "/api/v1/entries";
}

/** The shareable page URL for a query: the path keeps its filters, the rest goes in the query string. */
export function pageUrl(basePath: string, query: ListQuery, pathFilters: readonly PathFilter[]): string {
  const params = toSearchParams(query);
  for (const key of pathFilters) params.delete(key);
  const search = params.toString();
  return search ? `${basePath}?${search}` : basePath;
}
