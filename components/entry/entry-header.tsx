import Link from "next/link";
import type { ImageBootTest } from "@/lib/build/build-status";
import type { EntryDetail } from "@/lib/entries/types";
import { BootTestBadge } from "@/components/entry/boot-test-badge";
import { IntegrityBadge } from "@/components/entry/integrity-badge";
import { StatusBadge } from "@/components/entry/status-badge";
import { TrustBadge } from "@/components/entry/trust-badge";
import { endorserHistoryPath, tagPath } from "@/lib/entries/entry-urls";
import { DateTime } from "@/components/ui/date-time";
import { EmailAddress } from "@/components/ui/email-address";
import { TextLink } from "@/components/ui/text-link";
import { buttonClass } from "@/components/ui/button";
import { DocumentLinks } from "./document-links";
import { entryTitle } from "./entry-title";
import { OsLogo } from "./os-logo";

export function EntryHeader({ entry, bootTest }: { entry: EntryDetail; bootTest?: ImageBootTest }) {
  return (
    <header className="mb-8">
      <div className="flex items-start gap-4">
        <OsLogo os={entry.metadata.os} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <h1 className="min-w-0 text-2xl font-semibold tracking-tight text-balance wrap-anywhere text-slate-900 sm:text-3xl dark:text-slate-100">
              {entryTitle(entry)}
            </h1>
            <div className="flex flex-wrap items-center gap-2">
              <DocumentLinks entryKey={entry} />
              {/* A base must be valid: the build backend refuses an expired or deprecated one. */}
              {entry.status === "valid" ? (
                <Link href={`/create?base=${entry.identifier}`} className={buttonClass({ variant: "secondary", size: "xs" })}>
                  Build from this appliance
                </Link>
              ) : null}
            </div>
          </div>
          <div className="mt-2 flex flex-wrap gap-1.5">
            <TrustBadge label={entry.trust} />
            <StatusBadge status={entry.status} />
            <IntegrityBadge integrity={entry.integrity} />
            {bootTest ? <BootTestBadge test={bootTest} /> : null}
            {entry.metadata.alternative?.trim() ? (
              <Link
                href={tagPath(entry.email, entry.metadata.alternative)}
                className="inline-flex max-w-full items-center gap-1 rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-indigo-50 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-600 dark:hover:bg-indigo-950"
              >
                Tag <code className="font-mono wrap-anywhere text-indigo-800 dark:text-indigo-200">{entry.metadata.alternative}</code>
              </Link>
            ) : null}
          </div>
        </div>
      </div>
      {/* Below the logo on phones, aligned with the title from small tablets up (logo 4rem + gap 1rem). */}
      <div className="sm:pl-20">
        <p className="mt-3 text-sm wrap-anywhere text-slate-600 dark:text-slate-400">
          Endorsed by{" "}
          <TextLink href={endorserHistoryPath(entry.email)} className="font-medium">
            <EmailAddress email={entry.email} />
          </TextLink>{" "}
          at <DateTime value={entry.created} withSeconds />
        </p>
        {entry.metadata.description ? (
          <p className="mt-3 max-w-prose text-base wrap-anywhere whitespace-pre-line text-slate-800 dark:text-slate-200">
            {entry.metadata.description}
          </p>
        ) : null}
      </div>
    </header>
  );
}
