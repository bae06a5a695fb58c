import "server-only";
/**
 * Running the one job queue (table `jobs`; enqueueing is db/jobs.ts), the same on both databases:
 *
 * - a worker claims the next ready job with one statement,
 *   `UPDATE jobs SET status = 'running', lease_until = now() + lease, locked_by = $worker, attempts = attempts + 1
 *    WHERE id IN (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= now() [AND kind IN (...)]
 *    ORDER BY run_after, id FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING *`,
 *   so two workers (two connections, two instances) never get the same job, and no transaction is held
 *   while the job runs (the embedded database is one connection);
 * - while it works it extends its lease (heartbeat), only while the job is still its own;
 * - it completes the job, or fails it: requeued after an exponential backoff, or `failed` once
 *   `max_attempts` is reached (or at once for a permanent error), `last_error` kept;
 * - a reaper requeues running jobs whose lease expired (their worker died or stalled).
 *
 * Every change is conditional on `status = 'running' AND locked_by = $worker`: a worker that lost its
 * lease (reaped, then claimed by another) can no longer complete or fail the job.
 */
import { and, asc, desc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { jobs, type JobRow } from "./schema";
import type { Db } from "./client";
import { executeRows } from "./execute-rows";
import { withDb } from "./with-db";

export interface ClaimOptions {
  /** Who claims: recorded in locked_by; heartbeat, complete and fail check it. */
  worker: string;
  /** Only jobs of these kinds (the ones this process has handlers for); an empty list claims nothing. */
  kinds?: readonly string[];
  leaseMs: number;
}

export interface RetryPolicy {
  /** The first retry waits this long; each next one twice as long. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000 };

export type FailOutcome = "retry" | "failed" | "lost";

/** The most a job's last_error keeps. */
const ERROR_LIMIT = 2000;

const interval = (ms: number): SQL => sql`(${Math.max(0, Math.round(ms))}::bigint * interval '1 millisecond')`;

/**
 * Claims the next ready job (oldest run_after first), or null when none is ready. `on`: a database
 * other than the process's (tests claim from two pools at once).
 */
export async function claimJob(options: ClaimOptions, on?: Db): Promise<JobRow | null> {
  if (options.kinds && options.kinds.length === 0) return null;
  const run = async (db: Db) => {
    const ready = and(
      eq(jobs.status, "queued"),
      lte(jobs.runAfter, sql`now()`),
      options.kinds ? inArray(jobs.kind, [...options.kinds]) : undefined,
    );
    const next = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(ready)
      .orderBy(asc(jobs.runAfter), asc(jobs.id))
      .limit(1)
      .for("update", { skipLocked: true });
    const rows = await db
      .update(jobs)
      .set({
        status: "running",
        leaseUntil: sql`now() + ${interval(options.leaseMs)}`,
        lockedBy: options.worker,
        attempts: sql`${jobs.attempts} + 1`,
      })
      .where(inArray(jobs.id, next))
      .returning();
    return rows[0] ?? null;
  };
  return on ? run(on) : withDb("claiming a job", run);
}

export interface JobWorkWaiting {
  /** A job is ready to claim. */
  ready: boolean;
  /** A running job's lease expired (reapExpiredJobs would requeue it). */
  expired: boolean;
  /** When the next queued job is due (past when ready; null when none is queued). */
  nextRunAfter: Date | null;
}

/**
 * Whether claimJob or reapExpiredJobs would find anything: one read, so an idle worker's polls write
 * nothing (every write on the embedded database ends the listing caches' data version).
 */
export async function jobWorkWaiting(kinds?: readonly string[]): Promise<JobWorkWaiting> {
  return withDb("looking for jobs", async (db) => {
    const kindFilter =
      kinds === undefined
        ? sql``
        : kinds.length === 0
          ? sql` and false`
          : sql` and kind in (${sql.join(
              kinds.map((kind) => sql`${kind}`),
              sql`, `,
            )})`;
    const [row] = await executeRows<{ ready: boolean; expired: boolean; next: Date | string | null }>(
      db,
      sql`select exists (select 1 from jobs where status = 'queued' and run_after <= now()${kindFilter}) as ready,
                 exists (select 1 from jobs where status = 'running' and lease_until < now()) as expired,
                 (select min(run_after) from jobs where status = 'queued'${kindFilter}) as next`,
    );
    return { ready: Boolean(row?.ready), expired: Boolean(row?.expired), nextRunAfter: row?.next ? new Date(row.next) : null };
  });
}

/** Extends the lease of a job this worker still holds; false when it is no longer its own (reaped, or finished). */
export async function heartbeatJob(id: number, worker: string, leaseMs: number): Promise<boolean> {
  return withDb("renewing a job lease", async (db) => {
    const rows = await db
      .update(jobs)
      .set({ leaseUntil: sql`now() + ${interval(leaseMs)}` })
      .where(and(eq(jobs.id, id), eq(jobs.status, "running"), eq(jobs.lockedBy, worker)))
      .returning({ id: jobs.id });
    return rows.length > 0;
  });
}

/** Marks the job done; false when it was no longer this worker's. */
export async function completeJob(id: number, worker: string, tx?: Pick<Db, "update">): Promise<boolean> {
  const run = async (db: Pick<Db, "update">) => {
    const rows = await db
      .update(jobs)
      .set({ status: "done", finishedAt: sql`now()`, leaseUntil: null })
      .where(and(eq(jobs.id, id), eq(jobs.status, "running"), eq(jobs.lockedBy, worker)))
      .returning({ id: jobs.id });
    return rows.length > 0;
  };
  return tx ? run(tx) : withDb("completing a job", run);
}

/**
 * Fails the job's current attempt: requeued after base * 2^(attempts-1) (at most max, with ±10 %
 * jitter so retries of many jobs spread out), or `failed` when its attempts are used up or `permanent`.
 * `message` becomes last_error: the caller passes a message fit to show, never a secret.
 */
export async function failJob(
  id: number,
  worker: string,
  message: string,
  options: { permanent?: boolean; retry?: RetryPolicy } = {},
): Promise<FailOutcome> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const permanent = options.permanent === true;
  return withDb("failing a job", async (db) => {
    const giveUp = sql`(${permanent}::boolean or ${jobs.attempts} >= ${jobs.maxAttempts})`;
    const backoffMs = sql`least(${retry.baseMs}::double precision * power(2, greatest(${jobs.attempts} - 1, 0)), ${retry.maxMs}::double precision) * (0.9 + random() * 0.2)`;
    const rows = await db
      .update(jobs)
      .set({
        status: sql`case when ${giveUp} then 'failed' else 'queued' end`,
        runAfter: sql`case when ${giveUp} then ${jobs.runAfter} else now() + ${backoffMs} * interval '1 millisecond' end`,
        finishedAt: sql`case when ${giveUp} then now() else null end`,
        lastError: message.slice(0, ERROR_LIMIT),
        lockedBy: null,
        leaseUntil: null,
      })
      .where(and(eq(jobs.id, id), eq(jobs.status, "running"), eq(jobs.lockedBy, worker)))
      .returning({ status: jobs.status });
    const status = rows[0]?.status;
    return status === undefined ? "lost" : status === "failed" ? "failed" : "retry";
  });
}

/**
 * Requeues running jobs whose lease expired (their worker died or stalled): ready at once, or
 * `failed` when that attempt was their last. Returns the ids requeued or failed.
 */
export async function reapExpiredJobs(): Promise<number[]> {
  return withDb("reaping expired jobs", async (db) => {
    const last = sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
    const rows = await db
      .update(jobs)
      .set({
        status: sql`case when ${last} then 'failed' else 'queued' end`,
        runAfter: sql`now()`,
        finishedAt: sql`case when ${last} then now() else null end`,
        lastError: sql`'the lease expired: the worker ' || coalesce(${jobs.lockedBy}, '?') || ' stopped or stalled'`,
        lockedBy: null,
        leaseUntil: null,
      })
      .where(and(eq(jobs.status, "running"), sql`${jobs.leaseUntil} < now()`))
      .returning({ id: jobs.id });
    return rows.map((row) => row.id);
  });
}

/** A failed job queued again with fresh attempts (the admin pages' "retry"); false when it is not failed. */
export async function retryFailedJob(id: number): Promise<boolean> {
  return withDb("retrying a job", async (db) => {
    const rows = await db
      .update(jobs)
      .set({ status: "queued", attempts: 0, runAfter: sql`now()`, finishedAt: null })
      .where(and(eq(jobs.id, id), eq(jobs.status, "failed")))
      .returning({ id: jobs.id });
    return rows.length > 0;
  });
}

export interface JobFilter {
  kind?: string;
  status?: JobRow["status"];
  limit?: number;
}

/** The newest jobs first, for the admin pages. */
export async function listJobs(filter: JobFilter = {}): Promise<JobRow[]> {
  return withDb("reading jobs", async (db) =>
    db
      .select()
      .from(jobs)
      .where(and(filter.kind ? eq(jobs.kind, filter.kind) : undefined, filter.status ? eq(jobs.status, filter.status) : undefined))
      .orderBy(desc(jobs.id))
      .limit(Math.min(filter.limit ?? 100, 1000)),
  );
}
