/**
 * One digest worker: hashes every chunk the reader publishes in the shared ring with its share of
 * the digests, then posts the hex values. It blocks in Atomics.wait between chunks, which is
 * allowed (and cheapest) in a worker thread.
 */
import crypto from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import {
  ABORTED,
  type DigestWorkerData,
  type DigestWorkerResult,
  ENDED,
  EVENTS,
  PUBLISHED,
  STATE,
  consumedIndex,
  lengthIndex,
} from "@/lib/metadata/image/ring-layout";

const { ring, control, slots, worker, digests } = workerData as DigestWorkerData;
const counters = new Int32Array(control);
const hashes = digests.map((name) => crypto.createHash(name));
const slotViews = Array.from({ length: ring.slotCount }, (_, slot) => new Uint8Array(slots, slot * ring.slotBytes, ring.slotBytes));

function hashSlot(slot: number): void {
  const bytes = slotViews[slot]!.subarray(0, Atomics.load(counters, lengthIndex(slot)));
  for (const hash of hashes) hash.update(bytes);
}

function run(): DigestWorkerResult | undefined {
  let next = 0;
  for (;;) {
    const seen = Atomics.load(counters, EVENTS);
    const state = Atomics.load(counters, STATE);
    if (state === ABORTED) return undefined;
    const published = Atomics.load(counters, PUBLISHED);
    if (published > next) {
      for (; next < published; next++) {
        hashSlot(next % ring.slotCount);
        Atomics.store(counters, consumedIndex(ring, worker), next + 1);
        Atomics.notify(counters, consumedIndex(ring, worker));
      }
      continue;
    }
    // The reader publishes its last chunk before it ends, so nothing can be left unhashed here.
    if (state === ENDED) {
      return { hex: Object.fromEntries(digests.map((name, i) => [name, hashes[i]!.digest("hex")])) };
    }
    Atomics.wait(counters, EVENTS, seen);
  }
}

const result = run();
if (result) parentPort!.postMessage(result);
