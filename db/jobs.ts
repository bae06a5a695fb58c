import "server-only";
/**
 * The one persisted job queue (table `jobs`, db/schema-workflow.ts), on both databases. Enqueueing is
 * here; claiming, leases, retries and the reaper are in db/job-claims.ts.
 */
import { and, inArray, lt, sql } from "drizzle-orm";
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
  const id = await (tx ? run(tx) : withDb("queueing a job", run));
  if (id !== null) notifyJobQueued(job.kind, job.runAfter);
  return id;
}

type JobListener = (kind: string, runAfter: Date | undefined) => void;
const LISTENERS = Symbol.for("appliance-marketplace.job-listeners");
const slots = globalThis as { [LISTENERS]?: Set<JobListener> };

/**
 * Calls `listener` after this process queues a job (lib/server/jobs wakes its workers so). Inside a
 * transaction the job may not be visible yet: the worker then finds it at its next poll. Kept on
 * globalThis because the bundles may hold two copies of this module. Returns the unsubscribe.
 */
export function onJobQueued(listener: JobListener): () => void {
  const listeners = (slots[LISTENERS] ??= new Set());
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notifyJobQueued(kind: string, runAfter: Date | undefined): void {
  for (const listener of slots[LISTENERS] ?? []) {
    try {
      listener(kind, runAfter);
    } catch {
      // a listener's failure is not the enqueuer's
    }
  }
}

/**
 * Deletes finished jobs of these kinds that ended before `before`: the frequent scheduled ones (a sweep
 * a minute would otherwise leave half a million rows a year). Their unique keys name past periods, which
 * nothing schedules again, so removing them changes no "run once" guarantee.
 */
export async function pruneFinishedJobs(kinds: readonly string[], before: Date): Promise<number> {
  if (kinds.length === 0) return 0;
  const rows = await withDb("pruning finished jobs", (db) =>
    db
      .delete(jobs)
      .where(and(inArray(jobs.kind, [...kinds]), inArray(jobs.status, ["done", "failed"]), lt(jobs.finishedAt, before)))
      .returning({ id: jobs.id }),
  );
  return rows.length;
}
