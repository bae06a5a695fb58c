import "server-only";
/**
 * The entries of the site-tool exports (lib/server/exports/: HEPiX image lists, Simplestreams,
 * virt-builder): a listing's filters with the status forced to valid (only current entries: latest,
 * valid, not deprecated, not hidden), newest endorsement first, with what those formats describe.
 */
import { and, desc, sql } from "drizzle-orm";
import type { ListQuery } from "@/lib/entries/list-query-core";
import type { Checksum } from "@/lib/metadata/model";
import { filterConditions, normalizeFilters } from "./list-sql";
import { dataVersion, entries } from "./schema";
import { withDb } from "./with-db";

export interface ExportEntry {
  identifier: string;
  email: string;
  created: Date;
  valid: Date;
  title: string | null;
  description: string | null;
  os: string | null;
  osVersion: string | null;
  arch: string | null;
  format: string | null;
  hypervisor: string | null;
  version: string | null;
  compression: string | null;
  locations: string[];
  bytes: string;
  checksums: Checksum[];
  endorserName: string;
  endorserSubject: string;
  endorserIssuer: string;
}

/** At most this many entries go into one export. */
export const EXPORT_LIMIT = 5_000;

export async function exportEntries(query: ListQuery, now: Date = new Date()): Promise<ExportEntry[]> {
  const filters = normalizeFilters({ ...query, status: "valid" });
  return withDb("reading the entries of an export", async (db) => {
    const rows = await db
      .select({
        identifier: entries.identifier,
        email: entries.email,
        created: entries.created,
        valid: entries.valid,
        title: entries.title,
        description: entries.description,
        os: entries.os,
        osVersion: entries.osVersion,
        arch: entries.osArch,
        format: entries.format,
        hypervisor: entries.hypervisor,
        version: entries.version,
        compression: entries.compression,
        locations: entries.locations,
        bytes: entries.bytes,
        checksums: entries.checksums,
        endorserName: entries.endorserName,
        endorserSubject: entries.endorserSubject,
        endorserIssuer: entries.endorserIssuer,
      })
      .from(entries)
      .where(and(...filterConditions(filters, now), sql`${entries.valid} is not null`))
      .orderBy(desc(entries.created), desc(entries.id))
      .limit(EXPORT_LIMIT);
    return rows.map((row) => ({ ...row, valid: row.valid! }));
  });
}

/** The data version as stored (it survives restarts, unlike the embedded database's write count): an export's version number. */
export async function storedDataVersion(): Promise<number> {
  return withDb("reading the data version", async (db) => {
    const [row] = await db
      .select({ version: dataVersion.version })
      .from(dataVersion)
      .where(sql`${dataVersion.id} = 1`);
    return row?.version ?? 0;
  });
}
