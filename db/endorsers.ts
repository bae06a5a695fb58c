import "server-only";
/** Endorsers, an endorser's recent history and tags (reference section 4.9). */
import { and, asc, desc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { EndorserSummary, HistoryItem } from "@/lib/entries/types";
import { AppError } from "@/lib/errors";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { endorsers, entries } from "./schema";
import { optional } from "./summary";
import { withDb } from "./with-db";

/** At most this many rows of history, newest first. */
export const MAX_HISTORY_ITEMS = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function listEndorsers(): Promise<EndorserSummary[]> {
  return withDb("listing endorsers", async (db) => {
    // An endorser whose every entry a moderator hid has none to show (db/moderation.ts keeps the count).
    const rows = await db.select().from(endorsers).where(gt(endorsers.entryCount, 0)).orderBy(asc(endorsers.email));
    return rows.map((row) => ({
      email: row.email,
      subject: row.subject,
      issuer: row.issuer,
      name: row.name,
      entries: row.entryCount,
      lastEndorsed: formatMetadataDate(row.lastEndorsed),
    }));
  });
}

/** Every entry by `email` (not only the latest) endorsed later than now - `days` (or ever: `all`), newest first. */
export async function endorserHistory(email: string, days: number | "all", now: Date = new Date()): Promise<HistoryItem[]> {
  if (days !== "all" && (!Number.isFinite(days) || days < 0))
    throw new AppError("bad_request", "the range must be a non-negative number of days");
  const since = days === "all" ? undefined : new Date(now.getTime() - days * DAY_MS);
  return withDb("reading an endorser's history", async (db) => {
    const rows = await db
      .select({
        identifier: entries.identifier,
        email: entries.email,
        created: entries.created,
        title: entries.title,
        description: entries.description,
        locations: entries.locations,
        deprecated: entries.deprecated,
      })
      .from(entries)
      .where(and(eq(entries.email, email), isNull(entries.hiddenReason), ...(since ? [gt(entries.created, since)] : [])))
      .orderBy(desc(entries.created), asc(entries.identifier))
      .limit(MAX_HISTORY_ITEMS);
    return rows.map((row) => ({
      identifier: row.identifier,
      email: row.email,
      created: formatMetadataDate(row.created),
      locations: row.locations,
      ...optional({ title: row.title, description: row.description, deprecated: row.deprecated }),
    }));
  });
}

/** The distinct dcterms:alternative values of the endorser's entries, sorted. */
export async function endorserTags(email: string): Promise<string[]> {
  return withDb("reading an endorser's tags", async (db) => {
    const rows = await db
      .selectDistinct({ tag: entries.tag })
      .from(entries)
      .where(and(eq(entries.email, email), isNotNull(entries.tag), isNull(entries.hiddenReason)))
      .orderBy(asc(entries.tag));
    return rows.map((row) => row.tag).filter((tag): tag is string => tag !== null);
  });
}
