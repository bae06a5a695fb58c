"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ListQuery } from "@/lib/entries/list-query-core";
import type { ListPage } from "@/lib/entries/types";
import { apiUrl } from "./listing-urls";

async function fetchPage(url: string, signal: AbortSignal): Promise<ListPage> {
  const response = await fetch(url, { headers: { accept: "application/json" }, signal });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new Error(body?.error?.message ?? `the server answered ${response.status}`);
  }
  return (await response.json()) as ListPage;
}

/**
 * One page of the listing. The server-rendered page seeds the cache for its own query, so the first
 * paint needs no request; later queries keep the previous page on screen until the new one arrives.
 */
export function useEntryPage(query: ListQuery, initial: { url: string; page: ListPage }) {
  const url = apiUrl(query);
  return useQuery({
    queryKey: ["entries", url],
    queryFn: ({ signal }) => fetchPage(url, signal),
    initialData: url === initial.url ? initial.page : undefined,
    placeholderData: keepPreviousData,
  });
}
