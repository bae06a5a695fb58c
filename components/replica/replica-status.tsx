import type { ReplicaStatus } from "@/lib/entries/replication-schemas";
import { entryPath } from "@/lib/entries/entry-urls";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeading, EmptyNotice } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** A replica's masters (cursor, counts, last sync and its error) and the entries it refused, with the reasons. */
export function ReplicaStatusView({ status }: { status: ReplicaStatus }) {
  return (
    <div className="space-y-6">
      <Card as="section" aria-labelledby="masters-heading">
        <CardHeading id="masters-heading">Masters</CardHeading>
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="replica-masters">
          {status.masters.map((master) => (
            <li key={master.master} className="grid gap-1 px-4 py-3 text-sm sm:px-5">
              <p className="font-mono wrap-anywhere text-slate-900 dark:text-slate-100">{master.master}</p>
              <p className="flex flex-wrap gap-1.5">
                <Badge tone="green">{master.copied} copied</Badge>
                <Badge tone={master.refused > 0 ? "red" : "slate"}>{master.refused} refused</Badge>
                <Badge tone="slate">cursor {master.cursor}</Badge>
              </p>
              <p className="text-slate-600 dark:text-slate-400">
                {master.lastSyncAt ? `Last read ${when(master.lastSyncAt)}` : "Not read yet"}
                {master.lastError ? (
                  <span className="block text-red-700 dark:text-red-400">Could not read it: {master.lastError}</span>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      </Card>
      <Card as="section" aria-labelledby="refused-heading">
        <CardHeading id="refused-heading">Refused entries</CardHeading>
        {status.refused.length === 0 ? (
          <div className="px-4 py-3 sm:px-5">
            <EmptyNotice>Every entry received so far verified and was stored.</EmptyNotice>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="replica-refusals">
            {status.refused.map((refusal) => (
              <li key={`${refusal.master}-${refusal.seq}`} className="grid gap-1 px-4 py-3 text-sm sm:px-5">
                <p className="font-mono wrap-anywhere text-slate-900 dark:text-slate-100">
                  {refusal.identifier && refusal.email && refusal.created ? (
                    <TextLink
                      href={`${refusal.master.replace(/\/$/, "")}${entryPath({ identifier: refusal.identifier, email: refusal.email, created: refusal.created })}`}
                    >
                      {refusal.identifier}
                    </TextLink>
                  ) : (
                    `#${refusal.seq}`
                  )}{" "}
                  <span className="font-sans text-slate-600 dark:text-slate-400">
                    {refusal.email} {refusal.created}
                  </span>
                </p>
                <p className="wrap-anywhere text-red-800 dark:text-red-300">{refusal.reason}</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  from {refusal.master}, refused {when(refusal.at)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
