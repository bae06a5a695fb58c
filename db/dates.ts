/** Entry dates in and out of the database: always `yyyy-MM-ddTHH:mm:ssZ` at the edges. */
import { formatDate } from "@/lib/metadata/image/dates";
import { parseStrictDate } from "@/lib/metadata/validate/dates";

/** A strict metadata date, or undefined for anything else (2014-02-30T..., 24:00:00, offsets). */
export function parseEntryDate(value: string): Date | undefined {
  return parseStrictDate(value);
}

export function formatEntryDate(date: Date): string {
  return formatDate(date);
}
