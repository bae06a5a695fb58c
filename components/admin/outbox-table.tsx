import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, EmptyNotice } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { toMetadataDate } from "./fields";

export interface OutboxItem {
  id: number;
  to: string;
  subject: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  file: string | null;
  createdAt: string;
  sentAt: string | null;
}

const TONE: Record<string, BadgeTone> = { sent: "green", queued: "amber", failed: "red" };

/** The outbox: one row per message (to, subject, kind, status, created, sent). */
export function OutboxTable({ items }: { items: OutboxItem[] }) {
  if (items.length === 0) return <EmptyNotice>No messages yet.</EmptyNotice>;
  return (
    <Card as="ul" className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="outbox-list">
      {items.map((item) => (
        <li
          key={item.id}
          className="grid gap-2 px-4 py-3 text-sm sm:px-5 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)] md:items-start"
        >
          <div className="min-w-0">
            <p className="font-medium wrap-anywhere text-slate-900 dark:text-slate-100">{item.subject}</p>
            <p className="wrap-anywhere text-slate-600 dark:text-slate-400">to {item.to}</p>
            {item.file ? <p className="font-mono text-xs wrap-anywhere text-slate-500 dark:text-slate-400">{item.file}</p> : null}
            {item.lastError ? <p className="text-xs wrap-anywhere text-red-700 dark:text-red-400">Last error: {item.lastError}</p> : null}
          </div>
          <div className="flex flex-wrap items-start gap-1.5">
            <Badge tone={TONE[item.status] ?? "slate"}>{item.status}</Badge>
            <Badge tone="slate">{item.kind}</Badge>
            {item.attempts > 1 ? <span className="text-xs text-slate-500 dark:text-slate-400">{item.attempts} attempts</span> : null}
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-600 dark:text-slate-400">
            <dt>Created</dt>
            <dd>
              <DateTime value={toMetadataDate(item.createdAt)} />
            </dd>
            <dt>Sent</dt>
            <dd>{item.sentAt ? <DateTime value={toMetadataDate(item.sentAt)} /> : "not yet"}</dd>
          </dl>
        </li>
      ))}
    </Card>
  );
}
