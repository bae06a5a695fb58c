/**
 * Dates are `yyyy-MM-ddTHH:mm:ssZ` in UTC (reference section 1.5). The original matched this pattern
 * and then parsed strictly (non-lenient SimpleDateFormat), so `2011-01-24T99:59:42Z` is refused.
 * The server compares these strings directly, which sorts correctly only in exactly this form.
 */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function isStrictDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [y, mo, d, h, mi, s] = value.match(/\d+/g)!.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export function parseStrictDate(value: string): Date | undefined {
  return isStrictDate(value) ? new Date(value) : undefined;
}
