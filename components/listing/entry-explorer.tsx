"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { DEFAULT_LIST_QUERY, type ListQuery } from "@/lib/entries/list-query-core";
import type { Facets, ListPage } from "@/lib/entries/types";
import { Card } from "@/components/ui/card";
import { EmptyResults } from "./empty-results";
import { EntryList } from "./entry-list";
import { FeedLinks } from "./feed-links";
import { activeFilterCount } from "./filter-options";
import { FilterPanel, type QueryPatch } from "./filter-panel";
import { FilterToggle } from "./filter-toggle";
import { ListError } from "./list-error";
import { apiUrl, pageUrl, type PathFilter } from "./listing-urls";
import { Pager } from "./pager";
import { PathFilterChips } from "./path-filter-chips";
import { ResultsSummary } from "./results-summary";
import { SearchBox } from "./search-box";
import { SortControls } from "./sort-controls";
import { useAddressSync } from "./use-address-sync";
import { useEntryPage } from "./use-entry-page";

const FORM_ID = "listing-filters";
const PANEL_ID = "listing-filter-panel";

/**
 * The interactive listing. The server renders the first page; searching, filtering, sorting and
 * paging then go through the JSON API, and the address bar follows so every view can be shared.
 */
export function EntryExplorer({
  initialQuery,
  initialPage,
  facets,
  basePath,
  pathFilters,
}: {
  initialQuery: ListQuery;
  initialPage: ListPage;
  facets: Facets;
  basePath: string;
  pathFilters: PathFilter[];
}) {
  const [query, setQuery] = useState(initialQuery);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const resultsRef = useRef<HTMLElement>(null);
  const initial = useMemo(() => ({ url: apiUrl(initialQuery), page: initialPage }), [initialQuery, initialPage]);
  const { data, error, isFetching, isPlaceholderData, refetch } = useEntryPage(query, initial);
  const page = data ?? initialPage;
  const busy = isFetching && isPlaceholderData;

  useAddressSync(pageUrl(basePath, query, pathFilters), pageUrl(basePath, initialQuery, pathFilters));

  const update = useCallback(
    (patch: QueryPatch) => setQuery((current) => ({ ...current, ...patch, page: patch.page ?? 1, cursor: undefined })),
    [],
  );
  const search = useCallback((q: string) => update({ q: q || undefined }), [update]);

  const reset = () =>
    setQuery((current) => ({
      ...DEFAULT_LIST_QUERY,
      sort: current.sort,
      order: current.order,
      pageSize: current.pageSize,
      ...Object.fromEntries(pathFilters.map((key) => [key, current[key]])),
    }));

  const goToPage = (target: number) => {
    update({ page: target });
    const top = resultsRef.current?.getBoundingClientRect().top ?? 0;
    if (top < 0) resultsRef.current?.scrollIntoView({ block: "start" });
  };

  const filterCount = activeFilterCount(query, pathFilters.includes("email"));
  const canReset = filterCount > 0 || Boolean(query.q);
  const pageCount = Math.max(1, Math.ceil(page.total / page.pageSize));

  return (
    <div className="grid gap-4 lg:grid-cols-[15rem_minmax(0,1fr)] lg:grid-rows-[auto_1fr] lg:gap-x-8">
      <div className="flex gap-2 lg:col-start-2 lg:row-start-1">
        <SearchBox value={query.q ?? ""} onSearch={search} form={FORM_ID} />
        <FilterToggle open={filtersOpen} onToggle={() => setFiltersOpen((open) => !open)} activeCount={filterCount} controls={PANEL_ID} />
      </div>

      <aside
        id={PANEL_ID}
        aria-labelledby="filters-heading"
        className={`${filtersOpen ? "block" : "hidden"} lg:col-start-1 lg:row-span-2 lg:row-start-1 lg:block`}
      >
        <Card className="p-4 lg:sticky lg:top-4">
          <h2 id="filters-heading" className="mb-3 text-sm font-semibold text-slate-900 dark:text-slate-100">
            Filters
          </h2>
          <FilterPanel
            id={FORM_ID}
            action={basePath}
            query={query}
            facets={facets}
            endorserInPath={pathFilters.includes("email")}
            onChange={update}
            onReset={reset}
            canReset={canReset}
          />
        </Card>
      </aside>

      <section ref={resultsRef} aria-labelledby="results-heading" className="min-w-0 scroll-mt-4 space-y-4 lg:col-start-2 lg:row-start-2">
        <h2 id="results-heading" className="sr-only">
          Results
        </h2>
        <PathFilterChips query={query} pathFilters={pathFilters} />
        <div className="flex flex-wrap items-end justify-between gap-3">
          <ResultsSummary page={page} busy={busy} />
          <SortControls query={query} form={FORM_ID} onChange={update} />
        </div>

        {error ? <ListError message={error.message} onRetry={() => refetch()} /> : null}

        {page.items.length > 0 ? <EntryList entries={page.items} busy={busy} /> : <EmptyResults onReset={reset} canReset={canReset} />}

        <Pager
          page={page.page}
          pageCount={pageCount}
          hrefFor={(target) => pageUrl(basePath, { ...query, page: target }, pathFilters)}
          onPage={goToPage}
        />
        <FeedLinks query={query} />
      </section>
    </div>
  );
}
