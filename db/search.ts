/**
 * Full-text query terms. User text never reaches tsquery syntax: it is cut into words on whitespace
 * and the same ASCII punctuation the indexed document drops (entries.search), so no operator, quote
 * or backslash survives; each word becomes a quoted prefix term and the terms are ANDed. The text
 * still goes through `to_tsquery('simple', ...)`, which lowercases it exactly as the document was.
 */
import { SEARCH_PUNCTUATION } from "./schema";

export const MAX_SEARCH_TERMS = 16;
export const MAX_TERM_LENGTH = 64;

const SEPARATORS = new RegExp(`[\\s\\p{Cc}${SEARCH_PUNCTUATION.replace(/[\\\]^-]/g, "\\$&")}]+`, "u");

export function searchTerms(q: string): string[] {
  const terms = new Set<string>();
  for (const word of q.split(SEPARATORS)) {
    if (!word) continue;
    terms.add(Array.from(word).slice(0, MAX_TERM_LENGTH).join(""));
    if (terms.size === MAX_SEARCH_TERMS) break;
  }
  return [...terms];
}

/** `'ubuntu':* & '24':*`; undefined when the text has no word at all. */
export function toTsQuery(q: string): string | undefined {
  const terms = searchTerms(q);
  return terms.length === 0 ? undefined : terms.map((t) => `'${t}':*`).join(" & ");
}

/** Hex digest lengths of MD5, SHA-1, SHA-256 and SHA-512. */
const DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;

/**
 * The checksum key of a search that is one hex digest (what `sha256sum` and the like print, with the
 * file name after it, which is ignored): lowercase, leading zeros dropped, as entries.checksum_keys holds
 * them. Undefined for any other search.
 */
export function checksumKey(q: string): string | undefined {
  const [first, second, ...rest] = q.trim().split(/\s+/);
  // `sha256sum file` prints "<digest>  <name>": the name alone may follow.
  if (first === undefined || rest.length > 0 || (second !== undefined && !/^\*?[^\s]+$/.test(second))) return undefined;
  if (!DIGEST.test(first)) return undefined;
  return first.toLowerCase().replace(/^0+/, "");
}
