import "server-only";
/**
 * What the verdict (lib/entries/verdict.ts) decides over: the latest entry of each endorser of one
 * image, with the checksums it signs. Entries hidden by moderation are not candidates.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { VerdictCandidate } from "@/lib/entries/verdict";
import { MAX_IMAGE_ENTRIES } from "./entries-for-image";
import { entries } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { withDb } from "./with-db";

export async function verdictCandidates(identifier: string, now: Date): Promise<VerdictCandidate[]> {
  return withDb("reading the entries of an image for a verdict", async (db) => {
    const rows = await db
      .select({ ...summaryColumns, checksums: entries.checksums })
      .from(entries)
      .where(and(eq(entries.identifier, identifier), eq(entries.latest, true), isNull(entries.hiddenReason)))
      .orderBy(asc(entries.email))
      .limit(MAX_IMAGE_ENTRIES);
    return rows.map(({ checksums, ...row }) => ({ ...toSummary(row, now), checksums }));
  });
}
