import type { EntryDetail } from "@/lib/entries/types";
import { entryHeading } from "@/components/entries/entry-heading";

/** The detail page's `<h1>`: the title and its tag (dcterms:alternative) in parentheses, as the original. */
export function entryTitle(entry: EntryDetail): string {
  const { title, alternative } = entry.metadata;
  if (title && alternative) return `${title} (${alternative})`;
  return title || alternative || entryHeading(entry);
}
