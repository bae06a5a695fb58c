"use client";

import Form from "next/form";
import { Button } from "@/components/ui/button";
import { HISTORY_CHOICES, type HistoryRange } from "@/lib/entries/history-range";

/** The select's choices, with a range given in the address (`?range=45`) among them so the select shows it. */
function choices(range: HistoryRange): number[] {
  const days: number[] = [...HISTORY_CHOICES];
  return range === "all" || days.includes(range) ? days : [...days, range].sort((a, b) => a - b);
}

/**
 * "Show [last 30|60|90 days|all entries]": a GET form (`?range=`) that applies on change, and on
 * submit without JavaScript.
 */
export function RangeSelect({ action, range }: { action: string; range: HistoryRange }) {
  return (
    <Form action={action} replace scroll={false} className="flex items-center gap-2">
      <label htmlFor="history-range" className="text-sm font-medium text-slate-700 dark:text-slate-300">
        Show
      </label>
      <select
        id="history-range"
        name="range"
        defaultValue={String(range)}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="rounded-md border border-slate-300 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 shadow-xs focus:border-indigo-600 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
      >
        {choices(range).map((days) => (
          <option key={days} value={days}>
            {days === 1 ? "last day" : `last ${days} days`}
          </option>
        ))}
        <option value="all">all entries</option>
      </select>
      <noscript>
        <Button type="submit" size="xs">
          Show
        </Button>
      </noscript>
    </Form>
  );
}
