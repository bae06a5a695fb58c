import "server-only";
/**
 * The entries of an Atom feed (lib/server/feeds.ts): a listing's filters (db/list-sql.ts, the same
 * conditions as the page the feed was taken from) with the feed's own status and order. `new`: valid
 * entries, newest endorsement first; `deprecated`: deprecating entries, newest first; `expiring`:
 * valid entries whose validity ends within `days`, soonest first.
 */
import { and, asc, desc, lte, type SQL } from "drizzle-orm";
import type { ListQuery } from "@/lib/entries/list-query-core";
import type { EntrySummary } from "@/lib/entries/types";
import { filterConditions, normalizeFilters } from "./list-sql";
import { entries } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { withDb } from "./with-db";

export const FEED_KINDS = ["new", "deprecated", "expiring"] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export async function feedEntries(
  kind: FeedKind,
  query: ListQuery,
  options: { now: Date; limit: number; expiringDays: number },
): Promise<EntrySummary[]> {
  const { now, limit, expiringDays } = options;
  const filters = normalizeFilters({ ...query, status: kind === "deprecated" ? "deprecated" : "valid" });
  const conditions: SQL[] = filterConditions(filters, now);
  if (kind === "expiring") conditions.push(lte(entries.valid, new Date(now.getTime() + expiringDays * 24 * 3600 * 1000)));
  const order = kind === "expiring" ? [asc(entries.valid), asc(entries.id)] : [desc(entries.created), desc(entries.id)];
  return withDb(`reading the ${kind} feed`, async (db) => {
    const rows = await db
      .select(summaryColumns)
      .from(entries)
      .where(and(...conditions))
      .orderBy(...order)
      .limit(limit);
    return rows.map((row) => toSummary(row, now));
  });
}
