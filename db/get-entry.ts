import "server-only";
/** One entry by its key, whatever its status (reference section 4.4): details, signed bytes, RDF/JSON. */
import { and, eq, type SQL } from "drizzle-orm";
import type { EntryDetail, EntryKey } from "@/lib/entries/types";
import type { RdfJson } from "@/lib/metadata/rdf-json";
import { parseEntryDate } from "./dates";
import { certificates, entries, entryDocuments } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { withDb } from "./with-db";

export async function getEntry(key: EntryKey, now: Date = new Date()): Promise<EntryDetail | undefined> {
  const where = keyCondition(key);
  if (!where) return undefined;
  return withDb("reading an entry", async (db) => {
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
    if (!row) return undefined;
    return {
      ...toSummary(row, now),
      metadata: row.metadata,
      signature: { ...row.signature, certificate: { ...row.signature.certificate, pem: row.pem } },
      trustEvaluation: row.trustEvaluation,
      uploadedAt: row.uploadedAt.toISOString(),
      xmlBytes: row.xmlBytes,
    };
  });
}

/** The uploaded bytes exactly. */
export async function getEntryXml(key: EntryKey): Promise<Uint8Array | undefined> {
  const where = keyCondition(key);
  if (!where) return undefined;
  return withDb("reading an entry document", async (db) => {
    const [row] = await db
      .select({ xml: entryDocuments.xml })
      .from(entries)
      .innerJoin(entryDocuments, eq(entryDocuments.entryId, entries.id))
      .where(where)
      .limit(1);
    return row?.xml;
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
  const created = parseEntryDate(key.created);
  if (!created) return undefined;
  return and(eq(entries.identifier, key.identifier), eq(entries.email, key.email), eq(entries.created, created));
}
