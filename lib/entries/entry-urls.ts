/**
 * Addresses of entries and of what lists them, one rule for the page links, the `Location` of an
 * upload, the JSON API's `url` and the CLI's printed link: each path segment is percent-encoded, except
 * `@` and `:`, which are legal in a path segment, so addresses keep the readable form of the original
 * (`/metadata/<id>/<email>/<created>`; identical to it for every identifier, email and date that
 * needs no encoding). An email with `+` or `/`, or a tag with a space, is encoded so the router reads
 * back what was written.
 */
import type { EntryKey } from "./types";

export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, "@").replace(/%3A/gi, ":");
}

/** `/metadata/<segment>/...`: the listing filtered by path segments, or with three of them one entry. */
export function metadataPath(...segments: string[]): string {
  return ["/metadata", ...segments.map(pathSegment)].join("/");
}

/** `/metadata/<identifier>/<email>/<created>`, the entry's own address. */
export function entryPath(key: EntryKey): string {
  return metadataPath(key.identifier, key.email, key.created);
}

/** The entry's absolute address under `base` (a public base URL or a CLI endpoint, with or without its trailing `/`). */
export function entryUrl(base: string, key: EntryKey): string {
  return `${base.replace(/\/+$/, "")}${entryPath(key)}`;
}

export function endorserHistoryPath(email: string): string {
  return `/endorsers/${pathSegment(email)}`;
}

export function endorserTagsPath(email: string): string {
  return `/endorsers/${pathSegment(email)}/tags`;
}

export function tagPath(email: string, tag: string): string {
  return `/tag/${pathSegment(email)}/${pathSegment(tag)}`;
}

/** The inverse of `pathSegment` for a dynamic route parameter: pages receive them percent-encoded. */
export function readSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
