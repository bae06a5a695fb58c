/** One's own lines of the audit log, newest first: what was done with this account and by it. */
import type { AuditAction } from "@/lib/accounts/roles";
import { DateTime } from "@/components/ui/date-time";

export interface ActivityLine {
  id: number;
  at: string;
  action: AuditAction;
  target: string | null;
}

export function ActivityList({ lines }: { lines: ActivityLine[] }) {
  if (lines.length === 0) return <p className="px-4 py-4 text-sm text-slate-600 sm:px-5 dark:text-slate-400">Nothing yet.</p>;
  return (
    <ol className="divide-y divide-slate-200 text-sm dark:divide-slate-700" data-testid="activity">
      {lines.map((line) => (
        <li key={line.id} className="px-4 py-2.5 sm:px-5">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <code className="font-mono text-xs text-slate-900 dark:text-slate-100">{line.action}</code>
            <span className="text-xs text-slate-500 dark:text-slate-400">
              <DateTime value={line.at} />
            </span>
          </div>
          {line.target ? <p className="mt-0.5 font-mono text-xs wrap-anywhere text-slate-600 dark:text-slate-400">{line.target}</p> : null}
        </li>
      ))}
    </ol>
  );
}
