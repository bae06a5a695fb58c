import "server-only";
/**
 * The master's replication feed (issue 12, item 2; `GET /api/v1/replication/entries`): every stored
 * entry in the order it was stored (its id), with its exact signed bytes, after a cursor. Hidden
 * entries are not in it. Only entries stored SETTLE_SECONDS ago or earlier are served: on PostgreSQL
 * an id is taken when its transaction inserts and the transaction may commit after one with a later
 * id, so a cursor past the later one would skip it for good; an upload's transaction lasts far less
 * than that. (On PGlite transactions run one at a time and ids are in commit order anyway.)
 */
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { documentBytes, documentText } from "./document-bytes";
import { entries, entryDocuments } from "./schema";
import { withDb } from "./with-db";

export const SETTLE_SECONDS = 5;

export interface FeedItem {
  seq: number;
  identifier: string;
  email: string;
  created: string;
  xmlSha256: string;
  xml: Uint8Array;
}

/** Up to `limit` entries after `after`, stopping early past `maxBytes` of documents (at least one is served). */
export async function replicationPage(
  after: number,
  limit: number,
  maxBytes: number,
): Promise<{ items: FeedItem[]; next: number | null; more: boolean }> {
  const rows = await withDb("reading the replication feed", (db) =>
    db
      .select({
        seq: entries.id,
        identifier: entries.identifier,
        email: entries.email,
        created: entries.created,
        xmlSha256: entries.xmlSha256,
        xmlBytes: entries.xmlBytes,
        xml: documentText,
      })
      .from(entries)
      .innerJoin(entryDocuments, eq(entryDocuments.entryId, entries.id))
      .where(
        and(
          gt(entries.id, after),
          isNull(entries.hiddenReason),
          lt(entries.uploadedAt, sql`now() - make_interval(secs => ${SETTLE_SECONDS})`),
        ),
      )
      .orderBy(asc(entries.id))
      .limit(limit + 1),
  );
  const items: FeedItem[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, limit)) {
    if (items.length > 0 && bytes + row.xmlBytes > maxBytes) break;
    bytes += row.xmlBytes;
    items.push({
      seq: row.seq,
      identifier: row.identifier,
      email: row.email,
      created: formatMetadataDate(row.created),
      xmlSha256: row.xmlSha256,
      xml: documentBytes(row.xml),
    });
  }
  const last = items[items.length - 1];
  return { items, next: last ? last.seq : null, more: rows.length > items.length };
}
