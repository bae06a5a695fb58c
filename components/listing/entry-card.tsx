import Link from "next/link";
import type { EntrySummary } from "@/lib/entries/types";
import { downloadUrl } from "@/lib/entries/status";
import { entryHeading } from "@/components/entries/entry-heading";
import { StatusBadge } from "@/components/entries/status-badge";
import { TrustBadge } from "@/components/entries/trust-badge";
import { entryHref } from "@/components/hrefs";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { DownloadIcon } from "@/components/ui/icons";
import { LinkPendingArrow } from "@/components/ui/link-pending-arrow";

/** One listed entry, as the original's card: header, download, endorser, identifier, created, kind, description. */
export function EntryCard({ entry }: { entry: EntrySummary }) {
  const heading = entryHeading(entry);
  const download = firstDownload(entry.locations);
  return (
    <article className="flex h-full flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
      <div className="flex items-start justify-between gap-3">
        <h3 className="min-w-0 text-base leading-snug font-semibold text-slate-900 [overflow-wrap:anywhere]">{heading}</h3>
        {download ? (
          <a
            href={download.href}
            rel="nofollow noopener noreferrer"
            title={download.href}
            className="inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <DownloadIcon />
            Download
            <span className="sr-only"> image of {heading} from {download.host}</span>
          </a>
        ) : null}
      </div>

      <div className="mt-2 flex flex-wrap gap-1.5">
        <TrustBadge label={entry.trust} />
        <StatusBadge status={entry.status} />
      </div>

      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">Endorser</dt>
        <dd className="min-w-0 break-words text-slate-800">
          {entry.endorserName} <span className="text-slate-500">({entry.email})</span>
        </dd>
        <dt className="self-center text-slate-500">Identifier</dt>
        <dd className="flex min-w-0 items-center gap-1">
          <code className="truncate font-mono text-[0.8125rem] text-slate-800">{entry.identifier}</code>
          <CopyButton value={entry.identifier} label={`Copy identifier ${entry.identifier}`} />
        </dd>
        <dt className="text-slate-500">Created</dt>
        <dd className="text-slate-800">
          <DateTime value={entry.created} />
        </dd>
        {entry.kind ? (
          <>
            <dt className="text-slate-500">Kind</dt>
            <dd className="text-slate-800">{entry.kind}</dd>
          </>
        ) : null}
      </dl>

      {entry.description ? <p className="mt-3 line-clamp-3 text-sm whitespace-pre-line text-slate-600 [overflow-wrap:anywhere]">{entry.description}</p> : null}

      <div className="mt-auto flex justify-end pt-3">
        <Link
          href={entryHref(entry)}
          prefetch={false}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-semibold text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          More...
          <span className="sr-only"> about {heading}, endorsed by {entry.email}</span>
          <LinkPendingArrow />
        </Link>
      </div>
    </article>
  );
}

function firstDownload(locations: string[]): { href: string; host: string } | undefined {
  for (const location of locations) {
    const href = downloadUrl(location);
    if (href) return { href, host: new URL(href).host };
  }
  return undefined;
}
