/**
 * Status and location classes of an entry (reference section 4.3): valid = validity in the future and
 * not deprecated; expired = validity past and not deprecated; deprecated whatever its validity.
 * Location: web = no location or an http(s)/ftp URL; pdisk = a persistent-disk URI.
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

const WEB_LOCATION = /^(https?|ftp):\/\//i;

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
