import type { EntryDetail } from "@/lib/entries/types";
import { entryHeading } from "@/components/entry/entry-heading";

/**
 * The detail page's `<h1>` and `<title>`: the entry's name, as its card says it. The tag
 * (dcterms:alternative) is a label of the endorser's, not part of the name: the header shows it apart.
 */
export function entryTitle(entry: EntryDetail): string {
  return entryHeading(entry);
}
