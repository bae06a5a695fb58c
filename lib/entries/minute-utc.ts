/** A time as the pages and link answers show one: 2026-12-08 21:59 UTC. */
export function minuteUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
