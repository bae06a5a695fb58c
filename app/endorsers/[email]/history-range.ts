import { DEFAULT_HISTORY_RANGE, HISTORY_RANGES } from "@/components/endorsers/history-range";

/** The range choices of the endorser page: the last 30, 60 or 90 days, or every entry (what the endorsers list counts). */
export type HistoryRange = (typeof HISTORY_RANGES)[number] | "all";

/** `?range=`: 30, 60, 90 or all; anything else falls back to 30. */
export function parseRange(value: string | string[] | undefined): HistoryRange {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === "all") return "all";
  const days = Number(first);
  return (HISTORY_RANGES as readonly number[]).includes(days) ? (days as HistoryRange) : DEFAULT_HISTORY_RANGE;
}
