import "server-only";
/** Every visible entry of one image: all endorsers, all dates (the entry page's history and other endorsers); hidden ones are left out. */
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { EntrySummary } from "@/lib/entries/types";
import { entries } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { withDb } from "./with-db";

/** At most this many, newest first. */
export const MAX_IMAGE_ENTRIES = 1_000;

export async function entriesForImage(identifier: string, now: Date = new Date()): Promise<EntrySummary[]> {
  return withDb("listing the entries of an image", async (db) => {
    const rows = await db
      .select(summaryColumns)
      .from(entries)
      .where(and(eq(entries.identifier, identifier), isNull(entries.hiddenReason)))
      .orderBy(desc(entries.created), asc(entries.email))
      .limit(MAX_IMAGE_ENTRIES);
    return rows.map((row) => toSummary(row, now));
  });
}
