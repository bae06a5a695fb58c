import type { EntryKey, EntrySummary } from "@/lib/entries/types";

export interface Supersession {
  /** The endorser's newest entry for the image, newer than the one shown. */
  newer: EntrySummary;
  /** That newer entry deprecates the image (its reason, possibly empty). */
  deprecates: boolean;
}

/**
 * What replaced the entry shown, from the same endorser: an older entry stays reachable by its
 * address (and search engines, bookmarks and old scripts find it), so its page must say that a newer
 * one, or a deprecation, exists. Other endorsers' entries are their own opinion and replace nothing.
 */
export function supersedingEntry(current: EntryKey, related: EntrySummary[]): Supersession | undefined {
  const newest = related
    .filter((entry) => entry.email === current.email && entry.identifier === current.identifier && entry.created > current.created)
    .sort((a, b) => b.created.localeCompare(a.created))[0];
  if (!newest) return undefined;
  return { newer: newest, deprecates: newest.deprecated !== undefined };
}
