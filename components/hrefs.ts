/**
 * Paths of the HTML pages: the addresses of lib/entries/entry-urls.ts (each segment percent-encoded
 * but `@` and `:`), which the upload's `Location`, the JSON API and the CLI use too.
 */
export {
  entryPath as entryHref,
  metadataPath as listingHref,
  endorserHistoryPath as endorserHistoryHref,
  endorserTagsPath as endorserTagsHref,
  tagPath as tagHref,
} from "@/lib/entries/entry-urls";

/** A dynamic route parameter as written by the user: pages receive them percent-encoded. */
export function readSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
