import "server-only";
/**
 * The job queue in the server process: started by lib/server/start.ts after the database opened,
 * stopped by stopServer before it closes. On the embedded database the workers run here, inside the
 * server process (PGlite is one connection of one process); on PostgreSQL every instance runs its own
 * workers against the one queue, and the claim's SKIP LOCKED gives each job to one of them.
 *
 * Other code adds a kind of job with registerJobHandler(kind, handler) (./registry.ts) and queues it
 * with enqueueJob (db/jobs.ts), in the transaction of the change that needs it when there is one.
 * Mail is queued with queueMail / queueMailOnce (db/outbox.ts), never sent from a request.
 */
import { onJobQueued } from "@/db/jobs";
import { MAIL_JOB } from "@/db/outbox";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { deliverMail } from "../mail/deliver";
import {
  CERTIFICATE_WARNING_JOB,
  ENDORSEMENT_REMINDER_JOB,
  EXPIRY_WARNING_JOB,
  reminderJobKeys,
  runCertificateWarning,
  runEndorsementReminder,
  runExpiryWarning,
} from "../mail/reminders";
import { enqueueJob } from "@/db/jobs";
import { BUILD_JOB, failOrphanedBuilds } from "@/db/builds";
import { runBuildJob } from "../build/build-job";
import { EXPIRE_UPLOADS_JOB, housekeepingJobKeys, runExpireUploads } from "./housekeeping";
import {
  INTEGRITY_CHECK_JOB,
  INTEGRITY_SWEEP_JOB,
  integrityJobKeys,
  runIntegrityCheck,
  runIntegritySweep,
} from "../integrity/integrity-jobs";
import { REPLICA_SYNC_JOB, replicaJobKeys, runReplicaSync } from "../replica/replica-jobs";
import {
  SUBSCRIPTION_WEBHOOK_JOB,
  SUBSCRIPTIONS_SCAN_JOB,
  runSubscriptionsScan,
  runSubscriptionWebhook,
  subscriptionJobKeys,
} from "../subscriptions/subscription-jobs";
import { closeMailer, smtpSecrets } from "../mail/transport";
import { errorText } from "./error-text";
import { registerJobHandler } from "./registry";
import { JobWorker } from "./worker";

export { registerJobHandler, PermanentJobError, type JobHandler, type JobContext } from "./registry";

/** How often the schedule is checked (a new hour, day or month queues its jobs). */
const SCHEDULE_CHECK_MS = 60_000;
/** How often builds left running by a job that ended are looked for. */
const ORPHAN_CHECK_MS = 15_000;

interface Running {
  worker: JobWorker;
  /** The image builds' own worker (BUILD_CONCURRENCY at a time), so a long build never holds up mail. */
  builds: JobWorker | undefined;
  /** The integrity checks' own worker (INTEGRITY_CONCURRENCY at a time): each is a download. */
  checks: JobWorker | undefined;
  unsubscribe: () => void;
  scheduleTimer: NodeJS.Timeout | undefined;
}

const SLOT = Symbol.for("appliance-marketplace.job-runtime");
const slots = globalThis as { [SLOT]?: Running };

/** The kinds this application handles itself; registered before the workers start. */
export function registerBuiltInJobs(): void {
  registerJobHandler(MAIL_JOB, deliverMail);
  registerJobHandler(EXPIRY_WARNING_JOB, runExpiryWarning);
  registerJobHandler(ENDORSEMENT_REMINDER_JOB, runEndorsementReminder);
  registerJobHandler(CERTIFICATE_WARNING_JOB, runCertificateWarning);
  registerJobHandler(EXPIRE_UPLOADS_JOB, runExpireUploads);
  registerJobHandler(BUILD_JOB, runBuildJob);
  registerJobHandler(INTEGRITY_SWEEP_JOB, runIntegritySweep);
  registerJobHandler(INTEGRITY_CHECK_JOB, runIntegrityCheck);
  registerJobHandler(REPLICA_SYNC_JOB, runReplicaSync);
  registerJobHandler(SUBSCRIPTIONS_SCAN_JOB, runSubscriptionsScan);
  registerJobHandler(SUBSCRIPTION_WEBHOOK_JOB, runSubscriptionWebhook);
}

/** Kinds with a worker of their own; the main worker takes every other kind. */
const OWN_WORKER = new Set([BUILD_JOB, INTEGRITY_CHECK_JOB]);

type PeriodicJob = { kind: string; uniqueKey: string; period: string; master?: string };

/**
 * The periodic jobs of the period `now` is in: housekeeping always, the reminders when REMINDERS=on, the
 * integrity sweep unless INTEGRITY_CHECK_HOURS=0, a replica's sync of each of its masters, the
 * subscriptions' scan every minute.
 */
export function periodicJobKeys(
  now: Date,
  options: { reminders: boolean; integrityHours: number; masters: readonly string[]; replicaSeconds: number; subscriptionSeconds: number },
): PeriodicJob[] {
  return [
    ...housekeepingJobKeys(now),
    ...subscriptionJobKeys(now, options.subscriptionSeconds),
    ...(options.reminders ? reminderJobKeys(now) : []),
    ...integrityJobKeys(now, options.integrityHours),
    ...replicaJobKeys(now, options.masters, options.replicaSeconds),
  ];
}

/** Queues the given period's jobs (a no-op for those that exist). */
async function schedule(jobs: PeriodicJob[]): Promise<void> {
  for (const job of jobs)
    await enqueueJob({
      kind: job.kind,
      uniqueKey: job.uniqueKey,
      payload: { period: job.period, ...(job.master ? { master: job.master } : {}) },
      maxAttempts: 5,
    });
}

export function startJobs(): void {
  if (slots[SLOT] || env.JOB_CONCURRENCY === 0) return;
  registerBuiltInJobs();
  const worker = new JobWorker({
    concurrency: env.JOB_CONCURRENCY,
    pollMs: env.JOB_POLL_MS,
    leaseMs: env.JOB_LEASE_SECONDS * 1000,
    retry: { baseMs: env.JOB_RETRY_BASE_MS, maxMs: Math.max(env.JOB_RETRY_BASE_MS, 3_600_000) },
    secrets: smtpSecrets(),
    kinds: (registered) => registered.filter((kind) => !OWN_WORKER.has(kind)),
  });
  const builds =
    env.BUILD_CONCURRENCY > 0
      ? new JobWorker({
          concurrency: env.BUILD_CONCURRENCY,
          pollMs: env.JOB_POLL_MS,
          leaseMs: env.JOB_LEASE_SECONDS * 1000,
          retry: { baseMs: env.JOB_RETRY_BASE_MS, maxMs: Math.max(env.JOB_RETRY_BASE_MS, 3_600_000) },
          kinds: (registered) => registered.filter((kind) => kind === BUILD_JOB),
          // A build cut short by a stop runs again from the start on the next claim: waiting for it is pointless.
          stopTimeoutMs: 1_000,
        })
      : undefined;
  const checks =
    env.INTEGRITY_CONCURRENCY > 0
      ? new JobWorker({
          concurrency: env.INTEGRITY_CONCURRENCY,
          pollMs: env.JOB_POLL_MS,
          leaseMs: env.JOB_LEASE_SECONDS * 1000,
          retry: { baseMs: env.JOB_RETRY_BASE_MS, maxMs: Math.max(env.JOB_RETRY_BASE_MS, 3_600_000) },
          kinds: (registered) => registered.filter((kind) => kind === INTEGRITY_CHECK_JOB),
          // A check cut short by a stop runs again later; it has nothing to finish.
          stopTimeoutMs: 1_000,
        })
      : undefined;
  // A job queued inside a transaction is visible only once it commits: look again shortly after.
  const unsubscribe = onJobQueued(() => {
    for (const each of [worker, builds, checks]) {
      each?.wake();
      setTimeout(() => each?.wake(), 100).unref();
    }
  });
  const running: Running = { worker, builds, checks, unsubscribe, scheduleTimer: undefined };
  slots[SLOT] = running;
  worker.start();
  builds?.start();
  checks?.start();
  let scheduled = "";
  let scheduling = false;
  let orphansCheckedAt = 0;
  const check = () => {
    // Builds whose job ended without them (the reaper failed it after its last attempt) are failed, never left running.
    if (Date.now() - orphansCheckedAt >= ORPHAN_CHECK_MS) {
      orphansCheckedAt = Date.now();
      failOrphanedBuilds()
        .then((ids) => ids.length > 0 && logger.warn("failed builds whose worker stopped", { builds: ids }))
        .catch(() => undefined);
    }
    const jobs = periodicJobKeys(new Date(), {
      reminders: env.REMINDERS === "on",
      integrityHours: env.INTEGRITY_CHECK_HOURS,
      masters: env.MARKETPLACE_TYPE === "replica" ? env.masterUrls : [],
      replicaSeconds: env.REPLICA_SYNC_SECONDS,
      subscriptionSeconds: env.SUBSCRIPTIONS_SCAN_SECONDS,
    });
    const key = jobs.map((job) => job.uniqueKey).join(" ");
    if (key === scheduled || scheduling) return;
    scheduling = true;
    schedule(jobs)
      .then(() => (scheduled = key))
      .catch((error: unknown) => logger.warn("could not schedule the periodic jobs", { error: errorText(error) }))
      .finally(() => (scheduling = false));
  };
  check();
  running.scheduleTimer = setInterval(check, Math.min(SCHEDULE_CHECK_MS, Math.max(env.JOB_POLL_MS, 1000)));
  running.scheduleTimer.unref();
  logger.info("job workers started", { worker: worker.id, concurrency: env.JOB_CONCURRENCY, mail: env.SMTP_URL ? "smtp" : "outbox files" });
}

/** Stops claiming and waits for the running jobs (a job cut short runs again later). */
export async function stopJobs(): Promise<void> {
  const running = slots[SLOT];
  if (!running) return;
  delete slots[SLOT];
  running.unsubscribe();
  if (running.scheduleTimer) clearInterval(running.scheduleTimer);
  await Promise.all([running.worker.stop(), running.builds?.stop(), running.checks?.stop()]);
  closeMailer();
}
