/**
 * The page's side of hash.worker.ts: a reader worker and, on a machine with more than one core, hasher
 * workers for part of the digests (digests.ts), all ended when the hashes are in, on an error or when
 * the user cancels.
 */
import { planDigestGroups } from "./digests";
import type { HashOptions, ImageHashes } from "./hash-stream";
import type { HashReply, HashRequest } from "./hash.worker";

export interface HashInWorkerOptions extends Omit<HashOptions, "peers"> {
  /** Workers to spread the digests over; the browser's core count by default. */
  workers?: number;
  /** How a worker is started; the bench passes its own bundle's URL. */
  startWorker?: () => Worker;
}

const startHashWorker = () => new Worker(new URL("./hash.worker.ts", import.meta.url), { type: "module" });

export function hashFileInWorker(file: File, options: HashInWorkerOptions = {}): Promise<ImageHashes> {
  const { signal, onProgress, startWorker = startHashWorker } = options;
  const groups = planDigestGroups(options.workers ?? globalThis.navigator?.hardwareConcurrency ?? 1);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("hashing was cancelled", "AbortError"));
    const reader = startWorker();
    const hashers = groups.slice(1).map((names) => {
      const channel = new MessageChannel();
      const worker = startWorker();
      worker.postMessage({ type: "digest", port: channel.port2, names } satisfies HashRequest, [channel.port2]);
      return { worker, port: channel.port1, names };
    });
    const end = () => {
      signal?.removeEventListener("abort", cancel);
      reader.terminate();
      for (const { worker } of hashers) worker.terminate();
    };
    const cancel = () => {
      end();
      reject(new DOMException("hashing was cancelled", "AbortError"));
    };
    signal?.addEventListener("abort", cancel, { once: true });
    reader.onmessage = (event: MessageEvent<HashReply>) => {
      const reply = event.data;
      if (reply.type === "progress") onProgress?.(reply.read, reply.total);
      else if (reply.type === "done") {
        end();
        resolve(reply.result);
      } else {
        end();
        reject(new Error(reply.message));
      }
    };
    for (const worker of [reader, ...hashers.map((hasher) => hasher.worker)]) {
      worker.onerror = (event) => {
        end();
        reject(new Error(`the hashing worker failed: ${event.message}`));
      };
    }
    const peers = hashers.map(({ port, names }) => ({ port, names }));
    reader.postMessage(
      { type: "hash", file, peers } satisfies HashRequest,
      peers.map((peer) => peer.port),
    );
  });
}
