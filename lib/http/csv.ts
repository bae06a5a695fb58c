/**
 * CSV (RFC 4180) for exports: every cell quoted when it holds a comma, a quote or a line break, quotes
 * doubled, CRLF between rows. A cell that a spreadsheet would run as a formula (starting with = + - @,
 * or a tab or carriage return before one) is prefixed with a single quote: an audit line's text is
 * whatever a visitor typed.
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: CsvCell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map(csvRow).join("");
}
