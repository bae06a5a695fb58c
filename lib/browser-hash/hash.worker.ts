/**
 * The Web Worker that hashes an image off the page's thread (hash-in-worker.ts starts it): one file
 * per message, progress at most ten times a second, cancel by message.
 */
import { hashImage } from "./hash-stream";

export type HashRequest = { type: "hash"; file: File } | { type: "cancel" };
export type HashReply =
  | { type: "progress"; read: number; total: number }
  | { type: "done"; result: Awaited<ReturnType<typeof hashImage>> }
  | { type: "error"; message: string; cancelled: boolean };

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage: (reply: HashReply) => void;
};
let controller: AbortController | undefined;

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === "cancel") {
    controller?.abort();
    return;
  }
  controller = new AbortController();
  const signal = controller.signal;
  let last = 0;
  hashImage(request.file, {
    signal,
    onProgress: (read, total) => {
      const now = Date.now();
      if (now - last < 100 && read < total) return;
      last = now;
      scope.postMessage({ type: "progress", read, total });
    },
  }).then(
    (result) => scope.postMessage({ type: "done", result }),
    (error: unknown) =>
      scope.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error), cancelled: signal.aborted }),
  );
};
