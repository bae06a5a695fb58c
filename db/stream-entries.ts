import "server-only";
/**
 * Whole listings, however long, in bounded memory: the original's unpaged `<metadata>` list (every
 * stored document of every match) and the unpaged DataTables rows. The matches are walked in the
 * query's order by keyset (sort key, created, id), reading only ids and document sizes; then the
 * documents or summaries are read in groups of at most BATCH_BYTES of stored document (a summary
 * holds the description, which a document of 2 MB can be nearly all of). Each read is its own short
 * database operation, so other requests run in between, and the next one happens only when the
 * consumer asks for more (backpressure).
 *
 * Stored documents never change once written (first bytes win), so a document read late in a walk is
 * the one that matched when the walk passed its row.
 */
import { and, count, inArray, sql } from "drizzle-orm";
import type { ListQuery } from "@/lib/entries/list-query";
import type { EntrySummary } from "@/lib/entries/types";
import type { CursorPosition } from "./cursor";
import { readDocuments } from "./document-bytes";
import { ListCache } from "./list-cache";
import { afterCursor, createdText, dependsOnTime, filterConditions, normalizeFilters, orderBy, sortKeyText } from "./list-sql";
import { entries } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { withDb } from "./with-db";

export interface StreamOptions {
  now?: Date;
  /** Rows per keyset step. */
  batchRows?: number;
  /** Largest sum of document sizes read at once (a single larger document is read alone). */
  batchBytes?: number;
}

const BATCH_ROWS = 500;
const BATCH_BYTES = 1024 * 1024;

/** The stored bytes of every matching entry, in the query's order. */
export async function* streamEntryDocuments(query: ListQuery, options: StreamOptions = {}): AsyncGenerator<Uint8Array> {
  for await (const ids of groups(query, options)) {
    yield* await withDb("reading listed documents", (db) => readDocuments(db, ids));
  }
}

/** The summaries of every matching entry, in the query's order, a group at a time. */
export async function* streamEntrySummaries(query: ListQuery, options: StreamOptions = {}): AsyncGenerator<EntrySummary[]> {
  const now = options.now ?? new Date();
  for await (const ids of groups(query, options)) {
    const rows = await withDb("listing entries", (db) => db.select(summaryColumns).from(entries).where(inArray(entries.id, ids)));
    yield [...inOrder(ids, rows, (row) => toSummary(row, now))];
  }
}

/** How many entries match and the size of their stored documents: whether a whole list is small. */
export async function listExtent(query: ListQuery, now: Date = new Date()): Promise<{ entries: number; bytes: number }> {
  const filters = normalizeFilters(query);
  const conditions = filterConditions(filters, now);
  return withDb("measuring a list", async (db) => {
    const cache = await ListCache.open(db, now);
    return cache.get(`extent:${JSON.stringify(filters)}`, dependsOnTime(filters), async () => {
      const [row] = await db.select({ entries: count(), bytes: sql<string>`coalesce(sum(${entries.xmlBytes}), 0)` }).from(entries).where(and(...conditions));
      return { entries: row?.entries ?? 0, bytes: Number(row?.bytes ?? 0) };
    });
  });
}

/** The ids of the matching rows, in order, in groups of bounded document size. */
async function* groups(query: ListQuery, options: StreamOptions): AsyncGenerator<number[]> {
  const now = options.now ?? new Date();
  const conditions = filterConditions(normalizeFilters(query), now);
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  let position: CursorPosition | undefined;
  for (;;) {
    const page = await withDb("listing entries", (db) =>
      db
        .select({ id: entries.id, xmlBytes: entries.xmlBytes, sortKey: sortKeyText(query.sort), createdKey: createdText() })
        .from(entries)
        .where(and(...conditions, ...(position ? [afterCursor(query.sort, query.order, position)] : [])))
        .orderBy(...orderBy(query.sort, query.order))
        .limit(batchRows),
    );
    for (const group of bySize(page, batchBytes)) yield group.map((row) => row.id);
    const last = page[page.length - 1];
    if (!last || page.length < batchRows) return;
    position = { key: last.sortKey, created: last.createdKey, id: last.id };
  }
}

/** Consecutive groups whose documents add up to at most `limit` bytes (one oversized document alone). */
function bySize<T extends { xmlBytes: number }>(rows: T[], limit: number): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (current.length > 0 && bytes + row.xmlBytes > limit) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += row.xmlBytes;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** The rows read by id, in the order of `ids`; an id whose row vanished in between is skipped. */
function* inOrder<R extends { id: number }, T>(ids: number[], rows: R[], map: (row: R) => T): Generator<T> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of ids) {
    const row = byId.get(id);
    if (row) yield map(row);
  }
}
