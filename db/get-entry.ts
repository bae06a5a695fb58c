import "server-only";
/** One entry by its key, whatever its status (reference section 4.4): details, signed bytes, RDF/JSON. */
import { and, eq, type SQL } from "drizzle-orm";
import type { EntryDetail, EntryKey } from "@/lib/entries/types";
import type { RdfJson } from "@/lib/metadata/rdf-json";
import { parseMetadataDate } from "@/lib/metadata/dates";
import { certificates, entries, entryDocuments } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { documentBytes, documentText } from "./document-bytes";
import type { Db } from "./client";
import { cachedEntryRead } from "./entry-cache";
import { readDataVersion } from "./list-cache";
import { withDb } from "./with-db";
import { locationChecksOf } from "./integrity";

export async function getEntry(key: EntryKey, now: Date = new Date()): Promise<EntryDetail | undefined> {
  const where = keyCondition(key);
  if (!where) return undefined;
  return withDb("reading an entry", async (db) => {
    const version = await readDataVersion(db);
    const row = await cachedEntryRead(
      db,
      version,
      `entry:${cacheKey(key)}`,
      async () => {
        const row = await readDetailRow(db, where);
        return row ? { ...row, locationChecks: (await locationChecksOf(db, [row.id])).get(row.id) ?? [] } : undefined;
      },
      (r) => (r ? r.xmlBytes * 3 + 4096 : 0),
    );
    if (!row) return undefined;
    return {
      ...toSummary(row, now),
      metadata: row.metadata,
      signature: { ...row.signature, certificate: { ...row.signature.certificate, pem: row.pem } },
      trustEvaluation: row.trustEvaluation,
      uploadedAt: row.uploadedAt.toISOString(),
      xmlBytes: row.xmlBytes,
      locationChecks: row.locationChecks,
    };
  });
}

/** The detail row, shared by every request until the data changes (cachedEntryRead). */
async function readDetailRow(db: Db, where: SQL) {
  const [row] = await db
    .select({
      ...summaryColumns,
      uploadedAt: entries.uploadedAt,
      xmlBytes: entries.xmlBytes,
      metadata: entryDocuments.metadata,
      signature: entryDocuments.signature,
      trustEvaluation: entryDocuments.trust,
      pem: certificates.pem,
    })
    .from(entries)
    .innerJoin(entryDocuments, eq(entryDocuments.entryId, entries.id))
    .innerJoin(certificates, eq(certificates.fingerprint, entries.certificateFingerprint))
    .where(where)
    .limit(1);
  return row;
}

/** The uploaded bytes exactly. */
export async function getEntryXml(key: EntryKey): Promise<Uint8Array | undefined> {
  const where = keyCondition(key);
  if (!where) return undefined;
  return withDb("reading an entry document", async (db) => {
    const read = async () => {
      const [row] = await db
        .select({ xml: documentText })
        .from(entries)
        .innerJoin(entryDocuments, eq(entryDocuments.entryId, entries.id))
        .where(where)
        .limit(1);
      return row ? documentBytes(row.xml) : undefined;
    };
    // Stored bytes never change (first bytes win), so they are cached whatever else is written; a
    // key without an entry yet is not cached (it may be uploaded next).
    return cachedEntryRead(db, 0, `xml:${cacheKey(key)}`, read, (xml) => (xml ? xml.byteLength : Number.POSITIVE_INFINITY));
  });
}

export async function getEntryRdfJson(key: EntryKey): Promise<RdfJson | undefined> {
  const where = keyCondition(key);
  if (!where) return undefined;
  return withDb("reading an entry document", async (db) => {
    const [row] = await db
      .select({ rdfJson: entryDocuments.rdfJson })
      .from(entries)
      .innerJoin(entryDocuments, eq(entryDocuments.entryId, entries.id))
      .where(where)
      .limit(1);
    return row?.rdfJson;
  });
}

/** Undefined for a key that cannot exist (a created that is not a strict date). */
export function keyCondition(key: EntryKey): SQL | undefined {
  const created = parseMetadataDate(key.created);
  if (!created) return undefined;
  return and(eq(entries.identifier, key.identifier), eq(entries.email, key.email), eq(entries.created, created));
}

function cacheKey(key: EntryKey): string {
  return `${key.identifier}\0${key.email}\0${key.created}`;
}
