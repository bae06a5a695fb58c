import type { Metadata } from "next";
import { listMyEntries, listPendingFor } from "@/db";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeading } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { TextLink } from "@/components/ui/text-link";
import { entryPath } from "@/lib/entries/entry-urls";
import { pageUser } from "@/lib/server/auth/page-access";

export const metadata: Metadata = { title: "My entries" };

const PENDING_TEXT = {
  pending: "Waiting for confirmation",
  confirmed: "Confirmed",
  aborted: "Aborted",
  abuse: "Reported as abuse",
  expired: "Expired unconfirmed",
  refused: "Refused on confirmation",
} as const;

export default async function MyEntriesPage() {
  const { user } = await pageUser("/account/entries");
  const [entries, pending] = await Promise.all([listMyEntries(user.id), listPendingFor(user.id, { all: true, limit: 100 })]);
  const published = entries.filter((e) => !e.hiddenReason);
  const hidden = entries.filter((e) => e.hiddenReason);
  return (
    <>
      <PageHeader title="My entries">
        The entries of your verified endorser emails, and the uploads waiting for the confirmation mailed to the endorser email. Only you
        see the pending ones.
      </PageHeader>
      <div className="space-y-6">
        <Card as="section" aria-labelledby="pending-heading">
          <CardHeading id="pending-heading">Pending uploads ({pending.filter((p) => p.status === "pending").length})</CardHeading>
          {pending.length === 0 ? (
            <p className="px-4 py-4 text-sm text-slate-600 sm:px-5 dark:text-slate-400">None.</p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-700">
              {pending.map((p) => (
                <li key={p.id} className="space-y-1 px-4 py-3 text-sm sm:px-5">
                  <p className="font-medium break-words text-slate-900 dark:text-slate-100">{p.title ?? p.key.identifier}</p>
                  <p className="wrap-anywhere text-slate-600 dark:text-slate-400">
                    {p.key.identifier} · {p.key.email} · endorsed <DateTime value={p.key.created} />
                  </p>
                  <p className="flex flex-wrap items-center gap-2 text-slate-700 dark:text-slate-300">
                    <Badge tone={p.status === "pending" ? "amber" : p.status === "confirmed" ? "green" : "slate"}>
                      {PENDING_TEXT[p.status]}
                    </Badge>
                    {p.reason === "new-key" ? <Badge tone="blue">New signing key</Badge> : null}
                    {p.status === "pending" ? (
                      <span>
                        links work until <DateTime value={p.expiresAt} />
                      </span>
                    ) : null}
                    {p.uploadedByMe ? <span className="text-slate-500">uploaded by you</span> : null}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <EntryList
          id="published"
          title={`Published (${published.length})`}
          entries={published}
          empty="No published entries for your verified endorser emails."
        />
        <EntryList id="hidden" title={`Hidden by a moderator (${hidden.length})`} entries={hidden} empty="None." />
      </div>
    </>
  );
}

function EntryList({
  id,
  title,
  entries,
  empty,
}: {
  id: string;
  title: string;
  entries: Awaited<ReturnType<typeof listMyEntries>>;
  empty: string;
}) {
  return (
    <Card as="section" aria-labelledby={`${id}-heading`}>
      <CardHeading id={`${id}-heading`}>{title}</CardHeading>
      {entries.length === 0 ? (
        <p className="px-4 py-4 text-sm text-slate-600 sm:px-5 dark:text-slate-400">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-700">
          {entries.map((e) => (
            <li key={`${e.key.identifier} ${e.key.email} ${e.key.created}`} className="space-y-1 px-4 py-3 text-sm sm:px-5">
              <TextLink href={entryPath(e.key)} className="font-medium break-words">
                {e.title ?? e.key.identifier}
              </TextLink>
              <p className="wrap-anywhere text-slate-600 dark:text-slate-400">
                {e.key.identifier} · {e.key.email} · endorsed <DateTime value={e.key.created} />
              </p>
              <p className="flex flex-wrap gap-2">
                {e.deprecated ? <Badge tone="red">Deprecated: {e.deprecated}</Badge> : null}
                {e.hiddenReason ? <Badge tone="slate">Hidden: {e.hiddenReason}</Badge> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
