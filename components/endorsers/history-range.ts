export const HISTORY_RANGES = [30, 60, 90] as const;
export const DEFAULT_HISTORY_RANGE = 30;

/** `?range=` in days; anything but 30, 60 or 90 falls back to 30. */
export function parseHistoryRange(value: string | string[] | undefined): number {
  const days = Number(Array.isArray(value) ? value[0] : value);
  return (HISTORY_RANGES as readonly number[]).includes(days) ? days : DEFAULT_HISTORY_RANGE;
}
