/**
 * The two ends of a MessagePort between the worker that reads an image and a worker that hashes a
 * group of its digests (digests.ts says why there are several). Blocks are copied, not transferred,
 * so the reader can hash the same block itself; copying a MiB costs far less than hashing it. A
 * bounded window of unacknowledged blocks keeps memory flat when a hasher is slower than the reader.
 */
import { createDigestSet, type DigestName, type DigestSet, type DigestValues } from "./digests";

type ToPeer = { type: "block"; block: Uint8Array } | { type: "end" };
type FromPeer = { type: "ack" } | { type: "digests"; values: DigestValues } | { type: "error"; message: string };

/** The part of a MessagePort both ends use (the browser's and Node's ports both have it). */
export interface Port {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

export interface DigestPeer {
  readonly names: readonly DigestName[];
  send(block: Uint8Array): Promise<void>;
  finish(): Promise<DigestValues>;
}

/** Blocks a hasher may hold unacknowledged: 8 MiB with the reader's 1 MiB blocks. */
const WINDOW = 8;

export function digestPeer(port: Port, names: readonly DigestName[]): DigestPeer {
  let inFlight = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let done: { resolve: (values: DigestValues) => void; reject: (error: Error) => void } | undefined;
  port.onmessage = (event: MessageEvent<FromPeer>) => {
    const reply = event.data;
    if (reply.type === "ack") inFlight--;
    else if (reply.type === "digests") done?.resolve(reply.values);
    else {
      failure = new Error(`a hashing worker failed: ${reply.message}`);
      done?.reject(failure);
    }
    if (wake && (inFlight < WINDOW || failure)) {
      const resume = wake;
      wake = undefined;
      resume();
    }
  };
  return {
    names,
    async send(block) {
      if (failure) throw failure;
      port.postMessage({ type: "block", block } satisfies ToPeer);
      inFlight++;
      if (inFlight >= WINDOW) await new Promise<void>((resolve) => (wake = resolve));
      if (failure) throw failure;
    },
    finish() {
      return new Promise<DigestValues>((resolve, reject) => {
        if (failure) return reject(failure);
        done = {
          resolve: (values) => (port.close(), resolve(values)),
          reject: (error) => (port.close(), reject(error)),
        };
        port.postMessage({ type: "end" } satisfies ToPeer);
      });
    },
  };
}

/** The hashing worker's end: hashes every block in order, acknowledges it, and answers "end" with its digests. */
export function serveDigests(port: Port, names: readonly DigestName[]): void {
  let chain: Promise<DigestSet> = createDigestSet(names);
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    port.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) } satisfies FromPeer);
  };
  port.onmessage = (event: MessageEvent<ToPeer>) => {
    const message = event.data;
    chain = chain.then((set) => {
      if (message.type === "block") {
        set.update(message.block);
        port.postMessage({ type: "ack" } satisfies FromPeer);
      } else {
        port.postMessage({ type: "digests", values: set.digests() } satisfies FromPeer);
        port.close();
      }
      return set;
    });
    chain.catch(fail);
  };
}
