/**
 * Runs inspections in a pool of worker threads with a time budget per document, so a hostile or
 * huge document can neither block the server's event loop nor hold a core forever: when the budget
 * runs out the worker running it is terminated and replaced. Used by the server and the CLI.
 */
import os from "node:os";
import { Piscina } from "piscina";
import type { Inspection, InspectOptions } from "./inspect";
import { problem } from "./problems";
import type { TrustStoreConfig } from "./pki/trust";
import type { TrustPolicy } from "./pki/trust-policy";
import type { ParseLimits } from "./xml/limits";
import { workerPath } from "./workers/worker-path";
import type { InspectTask } from "./workers/inspect.worker";

export interface InspectorOptions {
  /** Worker threads; defaults to the number of cores. */
  threads?: number;
  /** Wall-clock budget for one document, in milliseconds. */
  timeoutMs?: number;
  /** Documents waiting for a thread before new ones are refused. */
  maxQueue?: number;
  trust?: TrustStoreConfig;
  trustPolicy?: TrustPolicy;
  limits?: Partial<ParseLimits>;
  minimumRsaBits?: number;
}

export type InspectCallOptions = Pick<InspectOptions, "requireSignature" | "include"> & { now?: Date };

export const DEFAULT_TIMEOUT_MS = 5_000;

export class MetadataInspector {
  private readonly pool: Piscina;
  private readonly timeoutMs: number;

  constructor(private readonly options: InspectorOptions = {}) {
    const threads = Math.max(1, options.threads ?? os.availableParallelism());
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pool = new Piscina({
      filename: workerPath("inspect"),
      // A warm pool: a worker terminated by the budget is replaced at once, not on the next request.
      minThreads: threads,
      maxThreads: threads,
      maxQueue: options.maxQueue ?? threads * 64,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
  }

  async inspect(input: Uint8Array | string, call: InspectCallOptions = {}): Promise<Inspection> {
    const task: InspectTask = {
      input,
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
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      // JSON, not structured clone: the result is many small objects, which the clone copies slowly.
      return JSON.parse((await this.pool.run(task, { signal })) as string) as Inspection;
    } catch (error) {
      if (signal.aborted) {
        return {
          valid: false,
          problems: [problem("signature.timeout", `checking the document took longer than ${this.timeoutMs} ms and was stopped`)],
          warnings: [],
        };
      }
      throw error;
    }
  }

  /** Documents waiting for a free thread; the server uses it to shed load. */
  get queued(): number {
    return this.pool.queueSize;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
