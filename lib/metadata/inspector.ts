/**
 * Runs inspections in worker threads with a time budget per document, so a hostile or huge document
 * can neither block the server's event loop nor hold a core forever: when the budget runs out the
 * worker running it is terminated and replaced. The clock starts when a worker takes the document,
 * so waiting behind other documents never counts against it. Used by the server and the CLI.
 */
import os from "node:os";
import { AppError } from "@/lib/errors";
import type { Inspection, InspectOptions } from "./inspect";
import { problem } from "./problems";
import type { TrustStoreConfig } from "./pki/trust";
import type { TrustPolicy } from "./pki/trust-policy";
import type { ParseLimits } from "./xml/limits";
import { workerPath } from "./workers/worker-path";
import type { InspectTask } from "./workers/inspect.worker";
import { QueueFullError, TaskTimeoutError, WorkerPool } from "./workers/worker-pool";

export interface InspectorOptions {
  /** Worker threads; defaults to the number of cores. */
  threads?: number;
  /** Wall-clock budget for one document, in milliseconds. */
  timeoutMs?: number;
  /** Documents waiting for a thread before new ones are refused (the server sheds load with it). */
  maxQueue?: number;
  trust?: TrustStoreConfig;
  trustPolicy?: TrustPolicy;
  limits?: Partial<ParseLimits>;
  minimumRsaBits?: number;
  /** Nice value of the worker threads (Linux): a server lowers them so inspections yield to requests. */
  niceness?: number;
}

export type InspectCallOptions = Pick<InspectOptions, "requireSignature" | "include"> & { now?: Date };

export const DEFAULT_TIMEOUT_MS = 5_000;

export class MetadataInspector {
  private readonly pool: WorkerPool<InspectTask, string>;
  private readonly timeoutMs: number;

  constructor(private readonly options: InspectorOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pool = new WorkerPool({
      filename: workerPath("inspect"),
      threads: Math.max(1, options.threads ?? os.availableParallelism()),
      timeoutMs: this.timeoutMs,
      maxQueue: options.maxQueue ?? 100_000,
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      workerData: { niceness: options.niceness ?? 0 },
    });
  }

  async inspect(input: Uint8Array | string, call: InspectCallOptions = {}): Promise<Inspection> {
    const task: InspectTask = {
      // An exact-size copy: cloning a Buffer for the worker copies its whole backing store, which for
      // request bodies can be a shared 64 KiB slab.
      input: typeof input === "string" ? input : new Uint8Array(input),
      options: {
        requireSignature: call.requireSignature,
        include: call.include,
        trust: this.options.trust,
        trustPolicy: this.options.trustPolicy,
        limits: this.options.limits,
        minimumRsaBits: this.options.minimumRsaBits,
        ...(call.now ? { now: call.now.toISOString() } : {}),
      },
    };
    try {
      // JSON, not structured clone: the result is many small objects, which the clone copies slowly.
      return JSON.parse(await this.pool.run(task)) as Inspection;
    } catch (error) {
      if (error instanceof TaskTimeoutError) {
        return {
          valid: false,
          problems: [problem("signature.timeout", `checking the document took longer than ${this.timeoutMs} ms and was stopped`)],
          warnings: [],
        };
      }
      if (error instanceof QueueFullError) {
        throw new AppError("unavailable", "too many documents are being checked; try again shortly", { retryAfter: 5 });
      }
      throw error;
    }
  }

  /** Documents waiting for a free thread. */
  get queued(): number {
    return this.pool.queued;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
