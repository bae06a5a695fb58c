import type { EntrySummary } from "@/lib/entries/types";
import { EntryCard } from "./entry-card";

/** The cards of one page; dimmed, not removed, while the next page loads, so nothing jumps. */
export function EntryList({ entries, busy }: { entries: EntrySummary[]; busy: boolean }) {
  return (
    <ul aria-busy={busy} className={`grid gap-4 transition-opacity xl:grid-cols-2 ${busy ? "opacity-60" : ""}`}>
      {entries.map((entry) => (
        <li key={`${entry.identifier}/${entry.email}/${entry.created}`}>
          <EntryCard entry={entry} />
        </li>
      ))}
    </ul>
  );
}
