import "server-only";
/**
 * Listings (reference section 4.3): one page of entry summaries with both totals, and the stored
 * documents of one page for the XML list. Whole lists stream instead (stream-entries.ts).
 */
import { and, count, type SQL } from "drizzle-orm";
import type { ListQuery } from "@/lib/entries/list-query";
import type { ListPage } from "@/lib/entries/types";
import type { Db } from "./client";
import { decodeCursor, encodeCursor, queryFingerprint, type CursorPosition } from "./cursor";
import { ListCache, readDataVersion } from "./list-cache";
import {
  afterCursor,
  createdText,
  dependsOnTime,
  filterConditions,
  normalizeFilters,
  orderBy,
  sortKeyText,
  unfilteredOf,
  type Filters,
} from "./list-sql";
import { entries } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { withDb } from "./with-db";

/** Larger pages are cut to this (the API allows 100; the original DataTables could ask for more). Whole lists stream (stream-entries.ts). */
export const MAX_LIST_PAGE_SIZE = 1_000;

export async function listEntries(query: ListQuery, now: Date = new Date()): Promise<ListPage> {
  const plan = planQuery(query);
  return withDb("listing entries", async (db) => {
    const conditions = filterConditions(plan.filters, now);
    const unfiltered = unfilteredOf(plan.filters);
    // Pages are cached like the counts (same exact invalidation), so a popular listing costs one
    // read of the data version; only the summaries, whose status depends on `now`, are made per call.
    const cache = new ListCache(db, now, await readDataVersion(db));
    const pageKey = `page:${plan.fingerprint}|${query.cursor ?? ""}|${plan.offset}|${plan.pageSize}`;
    const [rows, total, totalUnfiltered] = await Promise.all([
      // A drizzle query runs again on every `then`: the cache must hold the settled result.
      cache.get(pageKey, dependsOnTime(plan.filters), async () =>
        db
          .select({ ...summaryColumns, sortKey: sortKeyText(query.sort), createdKey: createdText() })
          .from(entries)
          .where(and(...conditions, ...(plan.position ? [afterCursor(query.sort, query.order, plan.position)] : [])))
          .orderBy(...orderBy(query.sort, query.order))
          .limit(plan.pageSize + 1)
          .offset(plan.offset),
      ),
      cachedCount(db, cache, plan.filters, conditions),
      cachedCount(db, cache, unfiltered, filterConditions(unfiltered, now)),
    ]);
    const pageRows = rows.slice(0, plan.pageSize);
    const last = pageRows[pageRows.length - 1];
    const nextCursor =
      rows.length > plan.pageSize && last
        ? encodeCursor(plan.fingerprint, { key: last.sortKey, created: last.createdKey, id: last.id })
        : undefined;
    return {
      items: pageRows.map((row) => toSummary(row, now)),
      total,
      totalUnfiltered,
      page: plan.page,
      pageSize: plan.pageSize,
      ...(nextCursor ? { nextCursor } : {}),
    };
  });
}

export interface DocumentsOptions {
  now?: Date;
}

/** The ids and document sizes of one page of matching entries, in the query's order (the XML list streams their documents: stream-entries.ts). */
export async function listPageDocuments(
  query: ListQuery,
  options: DocumentsOptions = {},
): Promise<Array<{ id: number; xmlBytes: number }>> {
  const now = options.now ?? new Date();
  const plan = planQuery(query);
  return withDb("listing entry documents", (db) =>
    db
      .select({ id: entries.id, xmlBytes: entries.xmlBytes })
      .from(entries)
      .where(and(...filterConditions(plan.filters, now), ...(plan.position ? [afterCursor(query.sort, query.order, plan.position)] : [])))
      .orderBy(...orderBy(query.sort, query.order))
      .limit(plan.pageSize)
      .offset(plan.offset),
  );
}

interface Plan {
  filters: Filters;
  fingerprint: string;
  position?: CursorPosition;
  page: number;
  pageSize: number;
  offset: number;
}

function planQuery(query: ListQuery): Plan {
  const filters = normalizeFilters(query);
  const fingerprint = queryFingerprint({ filters, sort: query.sort, order: query.order });
  const position = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;
  const pageSize = Math.min(Math.max(Math.trunc(query.pageSize) || 1, 1), MAX_LIST_PAGE_SIZE);
  const page = Math.max(Math.trunc(query.page) || 1, 1);
  return { filters, fingerprint, position, page, pageSize, offset: position ? 0 : (page - 1) * pageSize };
}

function cachedCount(db: Db, cache: ListCache, filters: Filters, conditions: SQL[]): Promise<number> {
  return cache.get(`count:${JSON.stringify(filters)}`, dependsOnTime(filters), async () => {
    const [row] = await db
      .select({ n: count() })
      .from(entries)
      .where(and(...conditions));
    return row?.n ?? 0;
  });
}
