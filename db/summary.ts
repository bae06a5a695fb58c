/** The listed columns of an entry and their mapping to the shared EntrySummary shape. */
import { statusOf } from "@/lib/entries/status";
import type { EntrySummary } from "@/lib/entries/types";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { entries } from "./schema";

export const summaryColumns = {
  id: entries.id,
  identifier: entries.identifier,
  email: entries.email,
  created: entries.created,
  title: entries.title,
  os: entries.os,
  osVersion: entries.osVersion,
  osArch: entries.osArch,
  kind: entries.kind,
  description: entries.description,
  tag: entries.tag,
  valid: entries.valid,
  deprecated: entries.deprecated,
  locations: entries.locations,
  bytes: entries.bytes,
  format: entries.format,
  endorserName: entries.endorserName,
  trustLabel: entries.trustLabel,
  certificateFingerprint: entries.certificateFingerprint,
  latest: entries.latest,
  integrity: entries.integrity,
  integrityCheckedAt: entries.integrityCheckedAt,
};

type Column<K extends keyof typeof summaryColumns> =
  (typeof summaryColumns)[K]["_"]["data"] | ((typeof summaryColumns)[K]["_"]["notNull"] extends true ? never : null);
export type SummaryRow = { [K in keyof typeof summaryColumns]: Column<K> };

export function toSummary(row: SummaryRow, now: Date): EntrySummary {
  const valid = row.valid ? formatMetadataDate(row.valid) : undefined;
  const deprecated = row.deprecated ?? undefined;
  const status = statusOf({ valid, deprecated }, now);
  return {
    identifier: row.identifier,
    email: row.email,
    created: formatMetadataDate(row.created),
    ...optional({
      title: row.title,
      os: row.os,
      osVersion: row.osVersion,
      osArch: row.osArch,
      kind: row.kind,
      description: row.description,
      tag: row.tag,
      valid,
      deprecated,
      status,
      format: row.format,
    }),
    locations: row.locations,
    bytes: row.bytes,
    endorserName: row.endorserName,
    trust: row.trustLabel,
    certificateFingerprint: row.certificateFingerprint,
    latest: row.latest,
    ...(row.integrity && row.integrityCheckedAt
      ? { integrity: { status: row.integrity, checkedAt: row.integrityCheckedAt.toISOString() } }
      : {}),
  };
}

/** Leaves out absent values, so the JSON has no nulls where the shared types say optional. */
export function optional<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) if (value !== null && value !== undefined) out[name] = value;
  return out as { [K in keyof T]?: Exclude<T[K], null | undefined> };
}
