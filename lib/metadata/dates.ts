/**
 * The metadata date format, one module for the engine, the data layer, the list filters and the CLI:
 * `yyyy-MM-ddTHH:mm:ssZ`, UTC, whole seconds, no offset (reference section 1.5). The original matched
 * this pattern and then parsed strictly (non-lenient SimpleDateFormat), so `2011-01-24T99:59:42Z` is
 * refused. The server compares these strings directly, which sorts correctly only in exactly this form.
 * (How a page shows a date to a person is components/format.ts's `formatDisplayDate`.)
 */
export const METADATA_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function isMetadataDate(value: string): boolean {
  if (!METADATA_DATE_PATTERN.test(value)) return false;
  const [y, mo, d, h, mi, s] = value.match(/\d+/g)!.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** A strict metadata date, or undefined for anything else (2014-02-30T..., 24:00:00, offsets). */
export function parseMetadataDate(value: string): Date | undefined {
  return isMetadataDate(value) ? new Date(value) : undefined;
}

/** A date written as the format wants it; fractions of a second are dropped. */
export function formatMetadataDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("invalid date");
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`the year ${year} does not fit the yyyy of a metadata date`);
  return `${date.toISOString().slice(0, 19)}Z`;
}
