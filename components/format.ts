/**
 * Display formatting shared by server and client components. Deterministic (no locale, no time zone)
 * so server HTML and client renders always agree.
 */

const DATE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z$/;

/**
 * A date as a page shows it to a person: `2014-03-08T14:28:15Z` → `2014-03-08 14:28 UTC`; anything else
 * is shown as it is. (The metadata format itself is lib/metadata/dates.ts.)
 */
export function formatDisplayDate(value: string, withSeconds = false): string {
  const match = DATE.exec(value);
  if (!match) return value;
  return `${match[1]} ${match[2]}${withSeconds ? (match[3] ?? ":00") : ""} UTC`;
}

const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** Decimal digits (possibly beyond 2^53) → `1.2 GiB`. */
export function formatBytes(digits: string): string {
  if (!/^\d+$/.test(digits)) return digits;
  let value = Number(digits);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} ${value === 1 ? "byte" : "bytes"}`;
  return `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** `1288490188` → `1,288,490,188`, on the digits themselves so no precision is lost. */
export function groupDigits(digits: string): string {
  return /^\d+$/.test(digits) ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : digits;
}

/** Hex fingerprint → `AB:CD:…`, the form certificate tools print. */
export function formatFingerprint(hex: string): string {
  const clean = hex.replace(/[^0-9a-f]/gi, "").toUpperCase();
  return clean.match(/.{1,2}/g)?.join(":") ?? hex;
}
