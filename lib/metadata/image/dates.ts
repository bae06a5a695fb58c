/**
 * Dates as the metadata format writes them: `yyyy-MM-ddTHH:mm:ssZ`, UTC, whole seconds, no offset
 * (reference section 1.5). The server compares them as strings, which only works in this form.
 */
export function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("invalid date");
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`the year ${year} does not fit the yyyy of a metadata date`);
  return `${date.toISOString().slice(0, 19)}Z`;
}
