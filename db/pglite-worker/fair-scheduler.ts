/**
 * The embedded database runs one statement or transaction at a time. Without a scheduler, a burst of
 * uploads queues ahead of every reader (and the reverse), and a queue without bound turns overload into
 * requests that hang for minutes. This scheduler runs one operation at a time and:
 *
 * - shares the database's time between reads and writes by weight (start-time fair queuing: each
 *   class has a virtual clock advanced by the time its operations took divided by its weight, and the
 *   class that is behind goes next), so neither starves the other whatever their sizes;
 * - within a class, runs first the operations of the requests that started first (their `since`), not
 *   the statements that arrived first: a request that needs three statements in a row then waits for
 *   the queue about once, not three times, so a deep queue costs each request one wait and the tail
 *   stays close to the median;
 * - runs maintenance (VACUUM/ANALYZE) only when nothing else waits, or after it has waited
 *   `maintenanceMaxWaitMs`, so it never stands in front of a request for long;
 * - bounds each queue and the time spent waiting in it: an operation refused for either reason fails
 *   with SchedulerBusyError, which the data layer turns into 503 with Retry-After.
 */

export type OperationClass = "read" | "write" | "maintenance";

export interface FairSchedulerOptions {
  /** Operations allowed to wait, per class. */
  maxQueued: Record<OperationClass, number>;
  /** Longest wait for a read or a write before it is refused. */
  maxWaitMs: number;
  /** Maintenance waits at most this long for an idle moment, then takes its turn. */
  maintenanceMaxWaitMs: number;
  /** Shares of the database's time when both classes wait (default equal). */
  weights?: { read: number; write: number };
  /** Clock, for tests. */
  now?: () => number;
}

/** SQLSTATE 53300 (too_many_connections, class 53 "insufficient resources"): the data layer maps it to 503. */
export class SchedulerBusyError extends Error {
  readonly code = "53300";
  constructor(message: string) {
    super(message);
    this.name = "SchedulerBusyError";
  }
}

interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  queuedAt: number;
  /** Order within the class: when the work this operation belongs to began (default: when queued). */
  since: number;
}

interface Lane {
  jobs: Job[];
  /** Virtual time: database milliseconds this class has used, caught up to the others when it was idle. */
  clock: number;
}

const REQUEST_CLASSES = ["read", "write"] as const;

export class FairScheduler {
  private readonly lanes: Record<OperationClass, Lane> = {
    read: { jobs: [], clock: 0 },
    write: { jobs: [], clock: 0 },
    maintenance: { jobs: [], clock: 0 },
  };
  private running = false;
  private closedBy: Error | undefined;
  private idleWaiters: Array<() => void> = [];
  private sweeper: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: FairSchedulerOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Runs `operation` when its turn comes; rejects with SchedulerBusyError when its queue is full or it
   * waited too long. `since`: when the request it serves began (on this scheduler's clock); earlier goes first.
   */
  run<T>(cls: OperationClass, operation: () => Promise<T>, since?: number): Promise<T> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    const lane = this.lanes[cls];
    if (lane.jobs.length >= this.options.maxQueued[cls]) {
      return Promise.reject(new SchedulerBusyError(`the database is busy: ${lane.jobs.length} ${cls} operations are already waiting`));
    }
    if (lane.jobs.length === 0 && cls !== "maintenance") lane.clock = Math.max(lane.clock, this.busyClock(cls));
    return new Promise<T>((resolve, reject) => {
      const queuedAt = this.now();
      insertInOrder(lane.jobs, {
        run: operation,
        resolve: resolve as (value: unknown) => void,
        reject,
        queuedAt,
        since: Math.min(since ?? queuedAt, queuedAt),
      });
      this.ensureSweeper();
      this.dispatch();
    });
  }

  /** Operations waiting, per class (for health and tests). */
  get waiting(): Record<OperationClass, number> {
    return { read: this.lanes.read.jobs.length, write: this.lanes.write.jobs.length, maintenance: this.lanes.maintenance.jobs.length };
  }

  /** Refuses everything waiting and everything to come; resolves when the operation in flight has finished. */
  close(reason: Error): Promise<void> {
    this.closedBy = reason;
    for (const lane of Object.values(this.lanes)) for (const job of lane.jobs.splice(0)) job.reject(reason);
    this.stopSweeper();
    return this.running ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  private dispatch(): void {
    if (this.running) return;
    this.expire();
    const cls = this.next();
    if (!cls) {
      this.stopSweeper();
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const lane = this.lanes[cls];
    const job = lane.jobs.shift() as Job;
    this.running = true;
    const started = this.now();
    let settled: Promise<unknown>;
    try {
      settled = job.run();
    } catch (error) {
      settled = Promise.reject(error);
    }
    settled.then(job.resolve, job.reject).finally(() => {
      const weight = cls === "maintenance" ? 1 : (this.options.weights?.[cls] ?? 1);
      lane.clock += (this.now() - started) / weight;
      this.running = false;
      this.dispatch();
    });
  }

  /** The class to run next: the request class that is behind in virtual time; maintenance when idle or overdue. */
  private next(): OperationClass | undefined {
    const maintenance = this.lanes.maintenance.jobs[0];
    if (maintenance && this.now() - maintenance.queuedAt >= this.options.maintenanceMaxWaitMs) return "maintenance";
    let best: OperationClass | undefined;
    for (const cls of REQUEST_CLASSES) {
      const lane = this.lanes[cls];
      if (lane.jobs.length > 0 && (best === undefined || lane.clock < this.lanes[best].clock)) best = cls;
    }
    return best ?? (maintenance ? "maintenance" : undefined);
  }

  /** The smallest clock among the other busy request classes: an idle class must not bank credit. */
  private busyClock(except: OperationClass): number {
    const clocks = REQUEST_CLASSES.filter((c) => c !== except && this.lanes[c].jobs.length > 0).map((c) => this.lanes[c].clock);
    return clocks.length > 0 ? Math.min(...clocks) : Math.max(...REQUEST_CLASSES.map((c) => this.lanes[c].clock));
  }

  private expire(): void {
    const limit = this.now() - this.options.maxWaitMs;
    for (const cls of REQUEST_CLASSES) {
      const lane = this.lanes[cls];
      // Ordered by `since`, not by arrival: any of them may be overdue.
      if (!lane.jobs.some((job) => job.queuedAt < limit)) continue;
      const overdue = lane.jobs.filter((job) => job.queuedAt < limit);
      lane.jobs = lane.jobs.filter((job) => job.queuedAt >= limit);
      for (const job of overdue)
        job.reject(
          new SchedulerBusyError(`the database is busy: a ${cls} waited more than ${Math.round(this.options.maxWaitMs / 1000)} s`),
        );
    }
  }

  /** While operations wait, expire the overdue ones even if the running operation takes long. */
  private ensureSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.expire(), Math.max(50, Math.min(1_000, this.options.maxWaitMs / 4)));
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/** Inserts after every job with an equal or earlier `since` (binary search; equal ones keep their arrival order). */
function insertInOrder(jobs: Job[], job: Job): void {
  let low = 0;
  let high = jobs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((jobs[middle] as Job).since <= job.since) low = middle + 1;
    else high = middle;
  }
  jobs.splice(low, 0, job);
}
