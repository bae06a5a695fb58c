/**
 * At most `limit` holders at once, at most `maxWaiting` waiting for at most `maxWaitMs`; anyone
 * beyond gets AppError("unavailable") with Retry-After (a 503), never an unbounded wait. Used for the
 * unpaged lists, which each keep a connection busy for as long as their client reads, and for the
 * server process's admission lanes (lib/http-server/admission.ts).
 */
import { AppError } from "@/lib/errors";

export interface GateOptions {
  limit: number;
  maxWaiting: number;
  maxWaitMs: number;
  retryAfterSeconds: number;
  /** Says what is busy and what to do instead. */
  busyMessage: string;
}

export class ConcurrencyGate {
  private held = 0;
  private readonly waiting: Array<{ grant: () => void; timer: NodeJS.Timeout }> = [];

  constructor(private readonly options: GateOptions) {}

  /**
   * Resolves with the release function once a place is free. A waiter whose `signal` aborts (its
   * client went away) leaves the queue and is refused with the signal's reason: it must never be
   * granted a place that nobody would release.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abandoned(signal));
    if (this.held < this.options.limit) return Promise.resolve(this.grant());
    if (this.waiting.length >= this.options.maxWaiting) return Promise.reject(this.busy());
    return new Promise((resolve, reject) => {
      const leave = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        clearTimeout(waiter.timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = (): void => {
        leave();
        reject(abandoned(signal!));
      };
      const waiter = {
        grant: () => {
          leave();
          resolve(this.grant());
        },
        timer: setTimeout(() => {
          leave();
          reject(this.busy());
        }, this.options.maxWaitMs),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Requests waiting for a place. */
  get queued(): number {
    return this.waiting.length;
  }

  get inUse(): number {
    return this.held;
  }

  private grant(): () => void {
    this.held += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= 1;
      // grant() takes the waiter out of the queue and stops its timer.
      this.waiting[0]?.grant();
    };
  }

  private busy(): AppError {
    return new AppError("unavailable", this.options.busyMessage, { retryAfter: this.options.retryAfterSeconds });
  }
}

function abandoned(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("the request was abandoned while it waited");
}
