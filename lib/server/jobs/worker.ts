import "server-only";
/**
 * The worker loop of one process: up to `concurrency` jobs at once, claimed from the one queue
 * (db/job-claims.ts). An idle worker polls every `pollMs` with one read (no write while there is
 * nothing to do), and wakes at once when this process queues a job (db/jobs.ts onJobQueued). Each
 * claim is one short statement and no transaction spans a job's work, which matters on the embedded
 * database: one connection, one transaction at a time.
 *
 * While a job runs its lease is renewed every third of its length; a worker that finds the lease no
 * longer its own aborts the job's signal. A failure is retried with backoff (failJob); a job whose
 * worker died is requeued by the reaper, which every worker runs when it sees an expired lease.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { claimJob, completeJob, failJob, heartbeatJob, jobWorkWaiting, reapExpiredJobs, type RetryPolicy } from "@/db/job-claims";
import type { JobRow } from "@/db/schema";
import { logger } from "@/lib/logger";
import { errorText } from "./error-text";
import { jobHandler, PermanentJobError, registeredJobKinds } from "./registry";

export interface JobWorkerOptions {
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  retry: RetryPolicy;
  /** Strings never to store or log (the SMTP password). */
  secrets?: readonly (string | undefined)[];
  /** Which of the registered kinds this worker claims (default: all of them). */
  kinds?: (registered: string[]) => string[];
  /** How long stop() waits for running jobs before aborting them (they are then requeued by a reaper). */
  stopTimeoutMs?: number;
}

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export class JobWorker {
  readonly id = newWorkerId();
  private readonly running = new Map<number, { done: Promise<void>; controller: AbortController }>();
  private stopped = true;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private failures = 0;

  constructor(private readonly options: JobWorkerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loopDone = this.loop();
  }

  /** Look for work now (a job was queued, or one finished and a slot is free). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming, waits for the running jobs (at most stopTimeoutMs), then aborts what is left. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake();
    await this.loopDone;
    const all = Promise.allSettled([...this.running.values()].map((job) => job.done));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">(
      (resolve) => (timer = setTimeout(() => resolve("timeout"), this.options.stopTimeoutMs ?? 10_000)),
    );
    const result = await Promise.race([all, timeout]);
    clearTimeout(timer);
    if (result === "timeout") {
      for (const job of this.running.values()) job.controller.abort(new Error("the server is stopping"));
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
  }

  get activeJobs(): number {
    return this.running.size;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let claimed: JobRow | null = null;
      let sleepMs = this.options.pollMs;
      this.woken = false;
      if (this.running.size < this.options.concurrency) {
        try {
          const result = await this.claim();
          claimed = result.job;
          this.failures = 0;
          if (!claimed && result.nextRunAfter) {
            // A queued job (a retry's backoff) due before the next poll: wake for it.
            sleepMs = Math.max(
              Math.min(50, this.options.pollMs),
              Math.min(this.options.pollMs, result.nextRunAfter.getTime() - Date.now() + 5),
            );
          }
        } catch (error) {
          // The database is unavailable or closing: wait longer each time, up to 30 s.
          this.failures += 1;
          sleepMs = Math.min(this.options.pollMs * 2 ** this.failures, 30_000);
          if (!this.stopped)
            logger.warn("job worker cannot reach the queue", { worker: this.id, error: errorText(error, this.options.secrets) });
        }
      }
      if (this.stopped) break;
      if (claimed) {
        this.run(claimed);
        continue;
      }
      if (!this.woken) await this.sleep(sleepMs);
    }
  }

  private async claim(): Promise<{ job: JobRow | null; nextRunAfter: Date | null }> {
    const kinds = this.options.kinds ? this.options.kinds(registeredJobKinds()) : registeredJobKinds();
    const waiting = await jobWorkWaiting(kinds);
    if (waiting.expired) {
      const reaped = await reapExpiredJobs();
      if (reaped.length > 0) logger.warn("requeued jobs whose lease expired", { worker: this.id, jobs: reaped });
    }
    if (!waiting.ready && !waiting.expired) return { job: null, nextRunAfter: waiting.nextRunAfter };
    return { job: await claimJob({ worker: this.id, kinds, leaseMs: this.options.leaseMs }), nextRunAfter: waiting.nextRunAfter };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  private run(job: JobRow): void {
    const controller = new AbortController();
    const done = this.execute(job, controller).finally(() => {
      this.running.delete(job.id);
      this.wake();
    });
    this.running.set(job.id, { done, controller });
  }

  private async execute(job: JobRow, controller: AbortController): Promise<void> {
    const { leaseMs, secrets } = this.options;
    const beat = setInterval(
      () => {
        heartbeatJob(job.id, this.id, leaseMs)
          .then((mine) => {
            if (!mine) controller.abort(new Error("the job's lease was lost"));
          })
          .catch(() => undefined);
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    beat.unref();
    try {
      const handler = jobHandler(job.kind);
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler(job, { worker: this.id, signal: controller.signal });
      if (!(await completeJob(job.id, this.id))) logger.warn("a job finished after its lease was lost", { job: job.id, kind: job.kind });
    } catch (error) {
      const message = errorText(error, secrets);
      try {
        const outcome = await failJob(job.id, this.id, message, {
          permanent: error instanceof PermanentJobError,
          retry: this.options.retry,
        });
        const log = outcome === "failed" ? logger.error : logger.warn;
        log(outcome === "failed" ? "job failed" : "job attempt failed", {
          job: job.id,
          kind: job.kind,
          attempt: job.attempts,
          outcome,
          error: message,
        });
      } catch (failError) {
        // Not recorded: the lease expires and the reaper requeues the job.
        logger.warn("could not record a job failure", { job: job.id, error: errorText(failError, secrets) });
      }
    } finally {
      clearInterval(beat);
    }
  }
}
