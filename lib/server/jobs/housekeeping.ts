import "server-only";
/**
 * Jobs that keep the data true whatever the reminder settings: hourly, the pending uploads whose
 * links lapsed are marked expired, each with its audit line (db/pending-uploads.ts), and the finished
 * jobs of the frequent scheduled kinds older than a day are removed. Like the reminders,
 * each run has a unique key per period, so however many instances schedule it, it runs once.
 */
import { expireLapsedUploads } from "@/db";
import { pruneFinishedJobs } from "@/db/jobs";
import { logger } from "@/lib/logger";

export const EXPIRE_UPLOADS_JOB = "expire-uploads";

/** The unique keys of the housekeeping jobs of the period `now` is in. */
export function housekeepingJobKeys(now: Date): { kind: string; uniqueKey: string; period: string }[] {
  const hour = now.toISOString().slice(0, 13);
  return [{ kind: EXPIRE_UPLOADS_JOB, uniqueKey: `${EXPIRE_UPLOADS_JOB}:${hour}`, period: hour }];
}

/** The scheduled kinds that run often: their finished jobs are removed after a day. */
const FREQUENT_KINDS = ["subscriptions-scan", "replica-sync", "integrity-sweep", EXPIRE_UPLOADS_JOB];

export async function runExpireUploads(): Promise<void> {
  const expired = await expireLapsedUploads();
  if (expired > 0) logger.info("pending uploads expired", { expired });
  const pruned = await pruneFinishedJobs(FREQUENT_KINDS, new Date(Date.now() - 86_400_000));
  if (pruned > 0) logger.info("finished scheduled jobs removed", { pruned });
}
