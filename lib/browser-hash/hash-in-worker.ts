/** The page's side of hash.worker.ts: one worker per file, ended when the hashes are in or the user cancels. */
import type { HashOptions, ImageHashes } from "./hash-stream";
import type { HashReply, HashRequest } from "./hash.worker";

export function hashFileInWorker(file: File, options: HashOptions = {}): Promise<ImageHashes> {
  const { signal, onProgress } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("hashing was cancelled", "AbortError"));
    const worker = new Worker(new URL("./hash.worker.ts", import.meta.url), { type: "module" });
    const end = () => {
      signal?.removeEventListener("abort", cancel);
      worker.terminate();
    };
    const cancel = () => {
      worker.postMessage({ type: "cancel" } satisfies HashRequest);
      end();
      reject(new DOMException("hashing was cancelled", "AbortError"));
    };
    signal?.addEventListener("abort", cancel, { once: true });
    worker.onmessage = (event: MessageEvent<HashReply>) => {
      const reply = event.data;
      if (reply.type === "progress") onProgress?.(reply.read, reply.total);
      else if (reply.type === "done") {
        end();
        resolve(reply.result);
      } else {
        end();
        reject(reply.cancelled ? new DOMException(reply.message, "AbortError") : new Error(reply.message));
      }
    };
    worker.onerror = (event) => {
      end();
      reject(new Error(`the hashing worker failed: ${event.message}`));
    };
    worker.postMessage({ type: "hash", file } satisfies HashRequest);
  });
}
