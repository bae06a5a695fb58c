import "server-only";
/**
 * Whole listings, however long, in bounded memory: the original's unpaged `<metadata>` list (every
 * stored document of every match) and the unpaged DataTables rows. The matches are walked in the
 * query's order by keyset (sort key, created, id), reading only ids and document sizes; then the
 * documents or summaries are read in groups of at most BATCH_BYTES of stored document (a summary
 * holds the description, which a document of 2 MB can be nearly all of). Each read is its own short
 * database operation, so other requests run in between, and the next one happens only when the
 * consumer asks for more (backpressure). A document larger than a group is read in pieces of
 * CHUNK_BYTES, so four whole lists of 2 MB documents at once hold a few megabytes, not tens.
 *
 * Stored documents never change once written (first bytes win), so a document read late in a walk is
 * the one that matched when the walk passed its row.
 */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { ListQuery } from "@/lib/entries/list-query";
import type { EntrySummary } from "@/lib/entries/types";
import type { CursorPosition } from "./cursor";
import { documentBytes, readDocuments } from "./document-bytes";
import { listPageDocuments } from "./list-entries";
import { ListCache } from "./list-cache";
import { afterCursor, createdText, dependsOnTime, filterConditions, normalizeFilters, orderBy, sortKeyText } from "./list-sql";
import { entries, entryDocuments } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { withDb } from "./with-db";

export interface StreamOptions {
  now?: Date;
  /** Only the page the query asks for (its page or cursor and page size), not every match. */
  paged?: boolean;
  /** Rows per keyset step. */
  batchRows?: number;
  /** Largest sum of document sizes read at once (a single larger document is read alone). */
  batchBytes?: number;
  /** Largest piece of one document read at once. */
  chunkBytes?: number;
}

/** Consecutive bytes of one stored document; `first` when they begin it. */
export interface DocumentPiece {
  bytes: Uint8Array;
  first: boolean;
}

const BATCH_ROWS = 500;
const BATCH_BYTES = 1024 * 1024;
// 64 KiB pieces arrive as base64 strings of 87 KB, under V8's large-object size (128 KB): they die in
// the young generation at the next scavenge. Pieces of 256 KiB went to the large-object space, which
// only a full collection frees: four whole lists grew the process by 50 to 130 MB of garbage, by GC
// timing; at 64 KiB by 5 MB (PostgreSQL) and 26 MB (PGlite), for 10 % more time per list.
const CHUNK_BYTES = 64 * 1024;

/** The stored bytes of every matching entry (or of the query's page), in the query's order, in pieces. */
export async function* streamEntryDocuments(query: ListQuery, options: StreamOptions = {}): AsyncGenerator<DocumentPiece> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const walk = options.paged ? pageGroups(query, options) : groups(query, options);
  for await (const group of walk) {
    const [only] = group;
    if (group.length === 1 && only && only.xmlBytes > chunkBytes) {
      yield* inPieces(only.id, chunkBytes);
      continue;
    }
    const documents = await withDb("reading listed documents", (db) =>
      readDocuments(
        db,
        group.map((row) => row.id),
      ),
    );
    for (const bytes of documents) yield { bytes, first: true };
  }
}

/** One stored document, `size` bytes at a time (bytea substrings: only that much crosses at once). */
async function* inPieces(id: number, size: number): AsyncGenerator<DocumentPiece> {
  for (let offset = 0; ; offset += size) {
    const [row] = await withDb("reading a listed document", (db) =>
      db
        .select({ piece: sql<string>`encode(substring(${entryDocuments.xml} from ${offset + 1}::int for ${size}::int), 'base64')` })
        .from(entryDocuments)
        .where(eq(entryDocuments.entryId, id)),
    );
    // Stored documents are never changed or removed while listed; a vanished one ends here, whole or not at all.
    if (!row) return;
    const bytes = documentBytes(row.piece);
    if (bytes.byteLength > 0) yield { bytes, first: offset === 0 };
    if (bytes.byteLength < size) return;
  }
}

/** The query's page, in groups of bounded document size. */
async function* pageGroups(query: ListQuery, options: StreamOptions): AsyncGenerator<Array<{ id: number; xmlBytes: number }>> {
  yield* bySize(await listPageDocuments(query, { now: options.now }), options.batchBytes ?? BATCH_BYTES);
}

/** The summaries of every matching entry, in the query's order, a group at a time. */
export async function* streamEntrySummaries(query: ListQuery, options: StreamOptions = {}): AsyncGenerator<EntrySummary[]> {
  const now = options.now ?? new Date();
  for await (const group of groups(query, options)) {
    const ids = group.map((row) => row.id);
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
      const [row] = await db
        .select({ entries: count(), bytes: sql<string>`coalesce(sum(${entries.xmlBytes}), 0)` })
        .from(entries)
        .where(and(...conditions));
      return { entries: row?.entries ?? 0, bytes: Number(row?.bytes ?? 0) };
    });
  });
}

/** The ids of the matching rows, in order, in groups of bounded document size. */
async function* groups(query: ListQuery, options: StreamOptions): AsyncGenerator<Array<{ id: number; xmlBytes: number }>> {
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
    yield* bySize(page, batchBytes);
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
