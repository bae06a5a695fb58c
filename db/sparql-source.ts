import "server-only";
/** What the SPARQL endpoint's store holds (lib/server/sparql/): every visible entry's RDF, kept in step with the data version. */
import { asc, eq, inArray, isNull } from "drizzle-orm";
import type { RdfJson } from "@/lib/metadata/rdf-json";
import { readDataVersion } from "./list-cache";
import { entries, entryDocuments } from "./schema";
import { withDb } from "./with-db";

export function currentDataVersion(): Promise<number> {
  return withDb("reading the data version", (db) => readDataVersion(db));
}

/** The ids of every entry a listing may show (hidden ones aside), ascending. */
export async function visibleEntryIds(): Promise<number[]> {
  const rows = await withDb("listing entry ids", (db) =>
    db.select({ id: entries.id }).from(entries).where(isNull(entries.hiddenReason)).orderBy(asc(entries.id)),
  );
  return rows.map((row) => row.id);
}

export async function rdfJsonOf(ids: number[]): Promise<Array<{ id: number; rdf: RdfJson }>> {
  if (ids.length === 0) return [];
  const rows = await withDb("reading entries' RDF", (db) =>
    db
      .select({ id: entryDocuments.entryId, rdf: entryDocuments.rdfJson })
      .from(entryDocuments)
      .innerJoin(entries, eq(entries.id, entryDocuments.entryId))
      .where(inArray(entryDocuments.entryId, ids)),
  );
  return rows;
}
