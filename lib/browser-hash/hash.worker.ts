/**
 * The Web Worker that hashes an image off the page's thread (hash-in-worker.ts starts it). It has one
 * of two roles: the reader ("hash": reads and decompresses one file, hashes its own digests, feeds
 * the other workers, reports progress at most ten times a second; the page cancels by ending the workers) or a hasher of a
 * group of digests fed by the reader over a MessagePort ("digest", digest-peer.ts).
 */
import { digestPeer, serveDigests } from "./digest-peer";
import type { DigestName } from "./digests";
import { hashImage } from "./hash-stream";

export type HashRequest =
  | { type: "hash"; file: File; peers: { port: MessagePort; names: DigestName[] }[] }
  | { type: "digest"; port: MessagePort; names: DigestName[] };
export type HashReply =
  | { type: "progress"; read: number; total: number }
  | { type: "done"; result: Awaited<ReturnType<typeof hashImage>> }
  | { type: "error"; message: string };

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage: (reply: HashReply) => void;
};
scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === "digest") {
    serveDigests(request.port, request.names);
    return;
  }
  let last = 0;
  hashImage(request.file, {
    peers: request.peers.map(({ port, names }) => digestPeer(port, names)),
    onProgress: (read, total) => {
      const now = Date.now();
      if (now - last < 100 && read < total) return;
      last = now;
      scope.postMessage({ type: "progress", read, total });
    },
  }).then(
    (result) => scope.postMessage({ type: "done", result }),
    (error: unknown) => scope.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) }),
  );
};
