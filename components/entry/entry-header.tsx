import Link from "next/link";
import type { EntryDetail } from "@/lib/entries/types";
import { StatusBadge } from "@/components/entries/status-badge";
import { TrustBadge } from "@/components/entries/trust-badge";
import { endorserHistoryHref } from "@/components/hrefs";
import { DateTime } from "@/components/ui/date-time";
import { DocumentLinks } from "./document-links";
import { entryTitle } from "./entry-title";
import { OsLogo } from "./os-logo";

export function EntryHeader({ entry }: { entry: EntryDetail }) {
  return (
    <header className="mb-8">
      <div className="flex items-start gap-4">
        <OsLogo os={entry.metadata.os} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <h1 className="min-w-0 text-2xl font-semibold tracking-tight text-balance text-slate-900 [overflow-wrap:anywhere] sm:text-3xl">{entryTitle(entry)}</h1>
            <DocumentLinks entryKey={entry} />
          </div>
          <div className="mt-2 flex flex-wrap gap-1.5">
            <TrustBadge label={entry.trust} />
            <StatusBadge status={entry.status} />
          </div>
        </div>
      </div>
      {/* Below the logo on phones, aligned with the title from small tablets up (logo 4rem + gap 1rem). */}
      <div className="sm:pl-20">
        <p className="mt-3 text-sm text-slate-600">
          Endorsed by{" "}
          <Link href={endorserHistoryHref(entry.email)} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            {entry.email}
          </Link>{" "}
          at <DateTime value={entry.created} withSeconds />
        </p>
        {entry.metadata.description ? (
          <p className="mt-3 max-w-prose text-base whitespace-pre-line text-slate-800 [overflow-wrap:anywhere]">{entry.metadata.description}</p>
        ) : null}
      </div>
    </header>
  );
}
