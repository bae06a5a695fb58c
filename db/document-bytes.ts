/**
 * Reading stored documents back. They are bytea, exactly as uploaded; but PGlite returns bytea as hex
 * text decoded in JavaScript, about 190 ms per MB here. As base64 text, which Node decodes natively,
 * the same read takes about a tenth of that, on PostgreSQL too. (Text through convert_from would be
 * faster still, but PGlite's text decoding drops a leading byte-order mark.)
 */
import { inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "./client";
import { entryDocuments } from "./schema";

/** The stored document as base64 (select this, then documentBytes). */
export const documentText: SQL<string> = sql<string>`encode(${entryDocuments.xml}, 'base64')`;

/** PostgreSQL's base64 has a line break every 76 characters, which Buffer ignores. */
export function documentBytes(base64: string): Uint8Array {
  return Buffer.from(base64, "base64");
}

/**
 * The stored documents of these entries, in the order of `ids` (ids without a document are skipped).
 * Listings choose their page of ids first and read the documents second: in one query with the sort,
 * the planner may encode every matching document before it sorts and cuts the page (15 ms for 200
 * entries where the page has 10).
 */
export async function readDocuments(db: Db, ids: number[]): Promise<Uint8Array[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: entryDocuments.entryId, xml: documentText })
    .from(entryDocuments)
    .where(inArray(entryDocuments.entryId, ids));
  const byId = new Map(rows.map((row) => [row.id, row.xml]));
  return ids.flatMap((id) => {
    const xml = byId.get(id);
    return xml === undefined ? [] : [documentBytes(xml)];
  });
}
