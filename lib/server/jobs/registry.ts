import "server-only";
/**
 * The job handlers of this process, by kind. A worker claims only jobs of registered kinds, so an
 * instance without a handler (an older version during a rolling update) leaves those jobs to others.
 *
 * A handler may run more than once for one job (its worker died after the work, before completing
 * it; or its lease expired): a handler whose effect must happen once keeps its own idempotency record
 * (the mail job: the outbox row's status) and checks it first.
 */
import type { JobRow } from "@/db/schema";

export interface JobContext {
  /** This worker's id (jobs.locked_by). */
  worker: string;
  /** Aborted when the worker lost the job's lease or is stopping: stop early, the job will run again. */
  signal: AbortSignal;
}

export type JobHandler = (job: JobRow, context: JobContext) => Promise<void>;

/** Thrown by a handler for a failure that retrying cannot fix: the job fails at once, without retries. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

const REGISTRY = Symbol.for("appliance-marketplace.job-handlers");
const slots = globalThis as { [REGISTRY]?: Map<string, JobHandler> };
const handlers = (slots[REGISTRY] ??= new Map());

/** Registers (or replaces) the handler of `kind`; the running workers pick it up at their next claim. */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export function jobHandler(kind: string): JobHandler | undefined {
  return handlers.get(kind);
}

export function registeredJobKinds(): string[] {
  return [...handlers.keys()];
}
