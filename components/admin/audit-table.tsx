import type { AuditLineReply as AuditLine } from "@/lib/accounts/admin-schemas";
import { Card, EmptyNotice } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { toMetadataDate } from "./fields";

function details(line: AuditLine): string {
  const entries = Object.entries(line.details);
  return entries.length === 0
    ? ""
    : entries.map(([name, value]) => `${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`).join(", ");
}

/** Audit lines: a table on wide screens, stacked cards on phones. */
export function AuditTable({ lines, empty = "No audit lines match." }: { lines: AuditLine[]; empty?: string }) {
  if (lines.length === 0) return <EmptyNotice>{empty}</EmptyNotice>;
  return (
    <>
      <Card as="ul" className="divide-y divide-slate-100 md:hidden dark:divide-slate-800" data-testid="audit-cards">
        {lines.map((line) => (
          <li key={line.id} className="space-y-1 px-4 py-3 text-sm">
            <p className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="font-mono text-xs font-semibold text-slate-900 dark:text-slate-100">{line.action}</span>
              <span className="text-xs text-slate-500 dark:text-slate-400">
                <DateTime value={toMetadataDate(line.at)} withSeconds />
              </span>
            </p>
            <p className="wrap-anywhere text-slate-700 dark:text-slate-300">
              {line.actor}
              {line.address ? <span className="text-slate-500 dark:text-slate-400"> from {line.address}</span> : null}
            </p>
            {line.target ? <p className="font-mono text-xs wrap-anywhere text-slate-600 dark:text-slate-400">{line.target}</p> : null}
            {details(line) ? <p className="text-xs wrap-anywhere text-slate-600 dark:text-slate-400">{details(line)}</p> : null}
          </li>
        ))}
      </Card>
      <Card className="hidden overflow-x-auto md:block">
        <table className="min-w-full text-left text-sm" data-testid="audit-table">
          <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase dark:border-slate-700 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">
                When
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Action
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Actor
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Target
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Details
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {lines.map((line) => (
              <tr key={line.id} className="align-top">
                <td className="px-4 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">
                  <DateTime value={toMetadataDate(line.at)} withSeconds />
                </td>
                <td className="px-4 py-3 font-mono text-xs whitespace-nowrap text-slate-900 dark:text-slate-100">{line.action}</td>
                <td className="px-4 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">
                  {line.actor}
                  {line.address ? <div className="text-xs text-slate-500 dark:text-slate-400">{line.address}</div> : null}
                </td>
                <td className="max-w-sm px-4 py-3 font-mono text-xs wrap-anywhere text-slate-600 dark:text-slate-400">
                  {line.target ?? ""}
                </td>
                <td className="max-w-sm px-4 py-3 text-xs wrap-anywhere text-slate-600 dark:text-slate-400">{details(line)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
