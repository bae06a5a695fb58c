import "server-only";
/**
 * Queueing the integrity monitor's check of one entry (lib/server/integrity/integrity-jobs.ts runs it):
 * a new current entry with a web location is checked at once, in the transaction that stores it, so its
 * badge does not wait for the next sweep. Apart from db/integrity.ts so that db/store-entry.ts can
 * import it without a cycle.
 */
import { and, eq } from "drizzle-orm";
import type { EntryKey } from "@/lib/entries/types";
import { env } from "@/lib/env";
import { parseMetadataDate } from "@/lib/metadata/dates";
import type { Db } from "./client";
import { enqueueJob } from "./jobs";
import { entries } from "./schema";

export const INTEGRITY_CHECK_JOB = "integrity-check";

/** Queues the first check of a stored entry, when the monitor is on and the entry has a web location. */
export async function queueFirstIntegrityCheck(tx: Pick<Db, "select" | "insert">, key: EntryKey): Promise<void> {
  if (env.INTEGRITY_CHECK_HOURS === 0) return;
  const created = parseMetadataDate(key.created);
  if (!created) return;
  const [row] = await tx
    .select({ id: entries.id, webLocation: entries.webLocation, locations: entries.locations })
    .from(entries)
    .where(and(eq(entries.identifier, key.identifier), eq(entries.email, key.email), eq(entries.created, created)))
    .limit(1);
  if (!row?.webLocation || row.locations.length === 0) return;
  await enqueueJob(
    { kind: INTEGRITY_CHECK_JOB, payload: { entryId: row.id }, uniqueKey: `${INTEGRITY_CHECK_JOB}:${row.id}:new`, maxAttempts: 3 },
    tx,
  );
}
