/**
 * The window of an endorser's history, one rule for the page, the original `/endorsers/{email}`
 * (reference section 4.9) and the JSON API: `range=N` is the last N days (a whole number from 1 to
 * 36500, a century), `range=all` every entry; absent means 30 days. A value that breaks the rule
 * means 30 days on the page and in the original protocol (as the original did), and a 400 naming the
 * parameter in the JSON API (the API's parameter rule).
 */

export const DEFAULT_HISTORY_DAYS = 30;
export const MAX_HISTORY_DAYS = 36_500;
/** The choices the page offers; any other whole number of days works when typed into the address. */
export const HISTORY_CHOICES = [30, 60, 90] as const;

export type HistoryRange = number | "all";

/** The value under the rule, or undefined when it breaks it. */
export function readHistoryRange(value: string): HistoryRange | undefined {
  if (value === "all") return "all";
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const days = Number(value);
  return days >= 1 && days <= MAX_HISTORY_DAYS ? days : undefined;
}

/** The rule with its fallback: absent or not under the rule means 30 days. The first of repeated values counts. */
export function historyRange(value: string | readonly string[] | null | undefined): HistoryRange {
  const first = typeof value === "string" ? value : value?.[0];
  return (first === undefined ? undefined : readHistoryRange(first)) ?? DEFAULT_HISTORY_DAYS;
}

/** "the last 45 days" / "all entries": how the page words the window. */
export function describeHistoryRange(range: HistoryRange): string {
  if (range === "all") return "all entries";
  return range === 1 ? "the last day" : `the last ${range} days`;
}
