/**
 * The two ends of a MessagePort between the worker that reads an image and a worker that hashes a
 * group of its digests (digests.ts says why there are several). A block is transferred, not copied:
 * the reader hashes it first, hands its buffer over, and gets the same buffer back once the peer has
 * hashed it, so the image crosses no copy and allocates no memory on the way (block-pool.ts). A
 * copy per block, and the fresh memory it needs, had cost about a sixth of the hashing time.
 */
import { createDigestSet, type DigestName, type DigestSet, type DigestValues } from "./digests";

type ToPeer = { type: "block"; block: Uint8Array } | { type: "end" };
type FromPeer = { type: "hashed"; block: Uint8Array } | { type: "digests"; values: DigestValues } | { type: "error"; message: string };

/** The part of a MessagePort both ends use (the browser's and Node's ports both have it). */
export interface Port {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

export interface DigestPeer {
  readonly names: readonly DigestName[];
  /** Hands the block's buffer to the peer (this side must not touch it meanwhile); resolves with it once hashed. */
  hash(block: Uint8Array): Promise<Uint8Array>;
  finish(): Promise<DigestValues>;
}

export function digestPeer(port: Port, names: readonly DigestName[]): DigestPeer {
  // The peer hashes in order and answers in order: the oldest waiting block is the one returned.
  const waiting: { resolve: (block: Uint8Array) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  let done: { resolve: (values: DigestValues) => void; reject: (error: Error) => void } | undefined;
  port.onmessage = (event: MessageEvent<FromPeer>) => {
    const reply = event.data;
    if (reply.type === "hashed") waiting.shift()?.resolve(reply.block);
    else if (reply.type === "digests") done?.resolve(reply.values);
    else {
      failure = new Error(`a hashing worker failed: ${reply.message}`);
      for (const block of waiting.splice(0)) block.reject(failure);
      done?.reject(failure);
    }
  };
  return {
    names,
    hash(block) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        port.postMessage({ type: "block", block } satisfies ToPeer, [block.buffer as ArrayBuffer]);
      });
    },
    finish() {
      return new Promise<DigestValues>((resolve, reject) => {
        if (failure) return reject(failure);
        done = {
          resolve: (values) => (port.close(), resolve(values)),
          reject: (error) => (port.close(), reject(error)),
        };
        port.postMessage({ type: "end" } satisfies ToPeer, []);
      });
    },
  };
}

/** The hashing worker's end: hashes every block in order, returns its buffer, and answers "end" with its digests. */
export function serveDigests(port: Port, names: readonly DigestName[]): void {
  let chain: Promise<DigestSet> = createDigestSet(names);
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    port.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) } satisfies FromPeer, []);
  };
  port.onmessage = (event: MessageEvent<ToPeer>) => {
    const message = event.data;
    chain = chain.then((set) => {
      if (message.type === "block") {
        set.update(message.block);
        port.postMessage({ type: "hashed", block: message.block } satisfies FromPeer, [message.block.buffer as ArrayBuffer]);
      } else {
        port.postMessage({ type: "digests", values: set.digests() } satisfies FromPeer, []);
        port.close();
      }
      return set;
    });
    chain.catch(fail);
  };
}
