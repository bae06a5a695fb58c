/**
 * Status and location classes of an entry (reference section 4.3): valid = validity in the future and
 * not deprecated; expired = validity past and not deprecated; deprecated whatever its validity.
 * Location: web = an http(s) URL; pdisk = a persistent-disk URI. Unlike the original, an entry without
 * a location is not "web" (nothing can be downloaded from it), and ftp is no longer an accepted location.
 */
export const STATUSES = ["valid", "expired", "deprecated"] as const;
export type EntryStatus = (typeof STATUSES)[number];

export const LOCATION_KINDS = ["all", "web", "pdisk"] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export function statusOf(entry: { valid?: string | null; deprecated?: string | null }, now: Date = new Date()): EntryStatus | undefined {
  if (entry.deprecated !== undefined && entry.deprecated !== null) return "deprecated";
  if (!entry.valid) return undefined;
  return new Date(entry.valid) > now ? "valid" : "expired";
}

/** Case-insensitive; one pattern for JavaScript and for PostgreSQL's `~*` (db/list-sql.ts). */
export const WEB_LOCATION_PATTERN = "^https?://";
const WEB_LOCATION = new RegExp(WEB_LOCATION_PATTERN, "i");

export function isWebLocation(location: string): boolean {
  return WEB_LOCATION.test(location);
}

/** An http(s) URL safe to render as a link (never javascript:, data: and the like). */
export function downloadUrl(location: string): string | undefined {
  try {
    const url = new URL(location);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
