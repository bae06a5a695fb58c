import Link from "next/link";
import type { EntrySummary } from "@/lib/entries/types";
import { downloadUrl } from "@/lib/entries/status";
import { entryHeading } from "@/components/entry/entry-heading";
import { IntegrityBadge } from "@/components/entry/integrity-badge";
import { StatusBadge } from "@/components/entry/status-badge";
import { TrustBadge } from "@/components/entry/trust-badge";
import { entryPath } from "@/lib/entries/entry-urls";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { EmailAddress } from "@/components/ui/email-address";
import { BanIcon, DownloadIcon } from "@/components/ui/icons";
import { LinkPendingArrow } from "@/components/ui/link-pending-arrow";

/** One listed entry, as the original's card: header, download, endorser, identifier, created, kind, description. */
export function EntryCard({ entry }: { entry: EntrySummary }) {
  const heading = entryHeading(entry);
  // A deprecated image should not be started again: its card says why, and offers no download button.
  const deprecated = entry.status === "deprecated";
  const download = deprecated ? undefined : firstDownload(entry.locations);
  return (
    <Card as="article" className="flex h-full flex-col p-4 sm:p-5">
      <div className="flex items-start justify-between gap-3">
        <h3 className="min-w-0 text-base leading-snug font-semibold wrap-anywhere text-slate-900 dark:text-slate-100">{heading}</h3>
        {download ? (
          <a
            href={download.href}
            rel="nofollow noopener noreferrer"
            title={download.href}
            className={`inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950 ${FOCUS_RING}`}
          >
            <DownloadIcon />
            Download
            <span className="sr-only">
              {" "}
              image of {heading} from {download.host}
            </span>
          </a>
        ) : null}
      </div>

      <div className="mt-2 flex flex-wrap gap-1.5">
        <TrustBadge label={entry.trust} />
        <StatusBadge status={entry.status} />
        <IntegrityBadge integrity={entry.integrity} />
      </div>

      {deprecated ? (
        <p
          data-testid="deprecation-reason"
          className="mt-3 flex gap-1.5 rounded-md bg-red-50 px-2.5 py-2 text-sm wrap-anywhere text-red-900 ring-1 ring-red-600/25 ring-inset dark:bg-red-950/60 dark:text-red-100 dark:ring-red-400/30"
        >
          <BanIcon className="mt-0.5 size-4 shrink-0" />
          <span className="min-w-0">
            <strong className="font-semibold">Deprecated:</strong> {entry.deprecated || "no reason given"}
          </span>
        </p>
      ) : null}

      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500 dark:text-slate-400">Endorser</dt>
        <dd className="min-w-0 wrap-anywhere text-slate-800 dark:text-slate-200">
          {entry.endorserName}{" "}
          <span className="text-slate-500 dark:text-slate-400">
            (<EmailAddress email={entry.email} />)
          </span>
        </dd>
        <dt className="self-center text-slate-500 dark:text-slate-400">Identifier</dt>
        <dd className="flex min-w-0 items-center gap-1">
          <code className="truncate font-mono text-[0.8125rem] text-slate-800 dark:text-slate-200">{entry.identifier}</code>
          <CopyButton value={entry.identifier} label={`Copy identifier ${entry.identifier}`} />
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Created</dt>
        <dd className="text-slate-800 dark:text-slate-200">
          <DateTime value={entry.created} />
        </dd>
        {entry.kind ? (
          <>
            <dt className="text-slate-500 dark:text-slate-400">Kind</dt>
            <dd className="text-slate-800 dark:text-slate-200">{entry.kind}</dd>
          </>
        ) : null}
      </dl>

      {entry.description ? (
        <p className="mt-3 line-clamp-3 text-sm wrap-anywhere whitespace-pre-line text-slate-600 dark:text-slate-400">
          {entry.description}
        </p>
      ) : null}

      <div className="mt-auto flex justify-end pt-3">
        <Link
          href={entryPath(entry)}
          prefetch={false}
          className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-semibold text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950 ${FOCUS_RING}`}
        >
          More...
          <span className="sr-only">
            {" "}
            about {heading}, endorsed by {entry.email}
          </span>
          <LinkPendingArrow />
        </Link>
      </div>
    </Card>
  );
}

function firstDownload(locations: string[]): { href: string; host: string } | undefined {
  for (const location of locations) {
    const href = downloadUrl(location);
    if (href) return { href, host: new URL(href).host };
  }
  return undefined;
}
