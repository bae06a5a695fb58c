import "server-only";
/**
 * The one persisted job queue (table `jobs`, db/schema-workflow.ts), on both databases. Enqueueing is
 * here; claiming, leases, retries and the reaper are in db/job-claims.ts.
 */
import { sql } from "drizzle-orm";
import { jobs } from "./schema";
import type { Db } from "./client";
import { withDb } from "./with-db";

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  runAfter?: Date;
  /** A scheduled job's key ("expiry-warning:2026-12-01"): a second job with the same key is not created. */
  uniqueKey?: string;
  maxAttempts?: number;
}

/** Queues a job, in `tx` when given (so it exists exactly when the change that needs it commits). Returns its id, or null for a duplicate unique key. */
export async function enqueueJob(job: NewJob, tx?: Pick<Db, "insert">): Promise<number | null> {
  const run = async (db: Pick<Db, "insert">) => {
    const rows = await db
      .insert(jobs)
      .values({
        kind: job.kind,
        payload: job.payload ?? {},
        runAfter: job.runAfter ?? sql`now()`,
        uniqueKey: job.uniqueKey ?? null,
        maxAttempts: job.maxAttempts ?? 10,
      })
      .onConflictDoNothing()
      .returning({ id: jobs.id });
    return rows[0]?.id ?? null;
  };
  return tx ? run(tx) : withDb("queueing a job", run);
}
