/**
 * Paths of the HTML pages. Segments are percent-encoded except `@` and `:`, which are legal in a path
 * segment, so links keep the readable form of the original (`/metadata/<id>/<email>/<created>`).
 */
import type { EntryKey } from "@/lib/entries/types";

function segment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, "@").replace(/%3A/gi, ":");
}

export function entryHref(key: EntryKey): string {
  return `/metadata/${segment(key.identifier)}/${segment(key.email)}/${segment(key.created)}`;
}

/** The listing filtered by path segments, e.g. `/metadata/<email>` ("Current" endorsements). */
export function listingHref(...filters: string[]): string {
  return ["/metadata", ...filters.map(segment)].join("/");
}

export function endorserHistoryHref(email: string): string {
  return `/endorsers/${segment(email)}`;
}

export function endorserTagsHref(email: string): string {
  return `/endorsers/${segment(email)}/tags`;
}

export function tagHref(email: string, tag: string): string {
  return `/tag/${segment(email)}/${segment(tag)}`;
}

/** A dynamic route parameter as written by the user: pages receive them percent-encoded. */
export function readSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
