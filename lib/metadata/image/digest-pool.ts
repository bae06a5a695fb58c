/**
 * Starts the digest workers on a ring and gathers their results. Any worker error, or a worker
 * that exits without posting its digests, fails the ring so the reader stops at once.
 */
import { Worker } from "node:worker_threads";
import type { DigestName } from "@/lib/metadata/image/digest-plan";
import type { DigestWorkerData, DigestWorkerResult } from "@/lib/metadata/image/ring-layout";
import type { RingWriter } from "@/lib/metadata/image/ring-writer";
import { workerPath } from "@/lib/metadata/workers/worker-path";

export interface DigestPool {
  /** Every digest's lowercase hex, once the ring has ended and all workers are done. */
  readonly results: Promise<Partial<Record<DigestName, string>>>;
  /** Stops the workers, whether they finished or not. */
  terminate(): Promise<void>;
}

export function startDigestPool(ring: RingWriter, plan: DigestName[][]): DigestPool {
  const script = workerPath("image-digests");
  const workers = plan.map(
    (digests, worker) =>
      new Worker(script, {
        // The script is plain bundled JavaScript: inheriting a TypeScript loader (tsx, vitest) from
        // the parent's flags would only add a few hundred milliseconds to every start.
        execArgv: [],
        workerData: {
          ring: ring.size,
          control: ring.control,
          slots: ring.slots,
          worker,
          digests,
        } satisfies DigestWorkerData,
      }),
  );
  const results = Promise.all(workers.map((worker) => workerResult(worker))).then((parts) =>
    parts.reduce<Partial<Record<DigestName, string>>>((all, part) => ({ ...all, ...part.hex }), {}),
  );
  results.catch((error: unknown) => ring.fail(error));
  return {
    results,
    async terminate() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

function workerResult(worker: Worker): Promise<DigestWorkerResult> {
  return new Promise((resolve, reject) => {
    worker.once("message", (result: DigestWorkerResult) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`digest worker stopped (exit code ${code}) before posting its digests`)));
  });
}
