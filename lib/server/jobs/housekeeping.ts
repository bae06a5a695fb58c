import "server-only";
/**
 * Jobs that keep the data true whatever the reminder settings: hourly, the pending uploads whose
 * links lapsed are marked expired, each with its audit line (db/pending-uploads.ts). Like the reminders,
 * each run has a unique key per period, so however many instances schedule it, it runs once.
 */
import { expireLapsedUploads } from "@/db";
import { logger } from "@/lib/logger";

export const EXPIRE_UPLOADS_JOB = "expire-uploads";

/** The unique keys of the housekeeping jobs of the period `now` is in. */
export function housekeepingJobKeys(now: Date): { kind: string; uniqueKey: string; period: string }[] {
  const hour = now.toISOString().slice(0, 13);
  return [{ kind: EXPIRE_UPLOADS_JOB, uniqueKey: `${EXPIRE_UPLOADS_JOB}:${hour}`, period: hour }];
}

export async function runExpireUploads(): Promise<void> {
  const expired = await expireLapsedUploads();
  if (expired > 0) logger.info("pending uploads expired", { expired });
}
