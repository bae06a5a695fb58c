import type { EntryKey, EntrySummary } from "@/lib/entries/types";
import { StatusBadge } from "@/components/entry/status-badge";
import { TrustBadge } from "@/components/entry/trust-badge";
import { entryPath } from "@/lib/entries/entry-urls";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeading } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { TextLink } from "@/components/ui/text-link";

/**
 * Every entry for the same image: this endorser's history and other endorsers' endorsements, newest
 * first, each marked when it is this page or the latest of its endorser.
 */
export function RelatedEntries({ current, entries }: { current: EntryKey; entries: EntrySummary[] }) {
  const sorted = [...entries].sort((a, b) => b.created.localeCompare(a.created));
  const own = sorted.filter((e) => e.email === current.email);
  const others = sorted.filter((e) => e.email !== current.email);
  return (
    <Card as="section" aria-labelledby="related-heading">
      <CardHeading id="related-heading">Entries for this image</CardHeading>
      <div className="space-y-5 px-4 py-4 sm:px-5">
        <Group title={`History of ${current.email}`} entries={own} current={current} empty="No other visible entry by this endorser." />
        <Group title="Other endorsers" entries={others} current={current} empty="No other endorser has signed this image." />
      </div>
    </Card>
  );
}

function Group({ title, entries, current, empty }: { title: string; entries: EntrySummary[]; current: EntryKey; empty: string }) {
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold wrap-anywhere text-slate-700 dark:text-slate-300">{title}</h3>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-100 dark:divide-slate-800 dark:border-slate-800">
          {entries.map((entry) => {
            const here = isCurrent(entry, current);
            return (
              <li
                key={`${entry.email}/${entry.created}`}
                className={`flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm ${here ? "bg-indigo-50/60 dark:bg-indigo-950/60" : ""}`}
              >
                <TextLink
                  href={entryPath(entry)}
                  aria-current={here ? "page" : undefined}
                  className="min-w-0 font-medium wrap-anywhere aria-[current=page]:text-slate-900 dark:aria-[current=page]:text-slate-100"
                >
                  <DateTime value={entry.created} />
                  {entry.email !== current.email ? (
                    <span className="font-normal text-slate-600 dark:text-slate-400"> by {entry.email}</span>
                  ) : null}
                </TextLink>
                <span className="flex flex-wrap gap-1.5">
                  {here ? <Badge tone="blue">This entry</Badge> : null}
                  {entry.latest ? <Badge tone="green">Latest</Badge> : null}
                  <StatusBadge status={entry.status} />
                  <TrustBadge label={entry.trust} />
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function isCurrent(entry: EntryKey, current: EntryKey): boolean {
  return entry.identifier === current.identifier && entry.email === current.email && entry.created === current.created;
}
