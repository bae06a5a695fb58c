import type { EntrySummary } from "@/lib/entries/types";
import { formatDisplayDate } from "@/components/format";

/** The card header of the original: the title, else `<os> v<os-version> <arch>`, else the created date. */
export function entryHeading(entry: Pick<EntrySummary, "title" | "os" | "osVersion" | "osArch" | "created">): string {
  if (entry.title) return entry.title;
  const system = [entry.os, entry.osVersion && `v${entry.osVersion}`, entry.osArch].filter(Boolean).join(" ");
  return system || formatDisplayDate(entry.created);
}
