/**
 * The reading thread's side of the shared ring (layout in ring-layout.ts): hands out the next free
 * slot, publishes it to the workers, and ends or aborts the run. It never blocks the event loop:
 * it waits for slots with Atomics.waitAsync.
 */
import {
  ABORTED,
  ENDED,
  EVENTS,
  PUBLISHED,
  type RingSize,
  STATE,
  consumedIndex,
  controlWords,
  lengthIndex,
} from "@/lib/metadata/image/ring-layout";

type WaitAsyncResult = { async: false; value: "not-equal" | "timed-out" } | { async: true; value: Promise<"ok" | "timed-out"> };
type WaitAsync = (array: Int32Array, index: number, value: number) => WaitAsyncResult;
// Atomics.waitAsync is in Node 20 but only in TypeScript's ES2024 library, which tsconfig does not load.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export class RingWriter {
  readonly control: SharedArrayBuffer;
  readonly slots: SharedArrayBuffer;
  private readonly counters: Int32Array;
  private readonly slotBuffers: Buffer[];
  private published = 0;
  private failure: unknown;
  private failed = false;

  constructor(
    readonly size: RingSize,
    readonly workers: number,
  ) {
    this.control = new SharedArrayBuffer(controlWords(size, workers) * Int32Array.BYTES_PER_ELEMENT);
    this.counters = new Int32Array(this.control);
    this.slots = new SharedArrayBuffer(size.slotBytes * size.slotCount);
    this.slotBuffers = Array.from({ length: size.slotCount }, (_, slot) => Buffer.from(this.slots, slot * size.slotBytes, size.slotBytes));
  }

  /** The slot for the next chunk, once every worker is done with what it held before. */
  async nextSlot(): Promise<Buffer> {
    const mustHaveConsumed = this.published - this.size.slotCount + 1;
    for (;;) {
      if (this.failed) throw this.failure;
      const lagging = this.slowestWorker();
      const consumed = Atomics.load(this.counters, consumedIndex(this.size, lagging));
      if (consumed >= mustHaveConsumed) return this.slotBuffers[this.published % this.size.slotCount]!;
      const wait = waitAsync(this.counters, consumedIndex(this.size, lagging), consumed);
      if (wait.async) await wait.value;
    }
  }

  /** Hands the slot last returned by nextSlot, holding `length` bytes, to the workers. */
  publish(length: number): void {
    if (this.failed) throw this.failure;
    Atomics.store(this.counters, lengthIndex(this.published % this.size.slotCount), length);
    this.published++;
    Atomics.store(this.counters, PUBLISHED, this.published);
    this.signalWorkers();
  }

  /** No more chunks: the workers finish the published ones and post their digests. */
  end(): void {
    Atomics.store(this.counters, STATE, ENDED);
    this.signalWorkers();
  }

  /**
   * Stops everything: workers leave their loop at once and a pending nextSlot rejects with the
   * first failure reported (a worker error or the abort reason).
   */
  fail(reason: unknown): void {
    if (!this.failed) {
      this.failed = true;
      this.failure = reason;
    }
    Atomics.store(this.counters, STATE, ABORTED);
    this.signalWorkers();
    for (let worker = 0; worker < this.workers; worker++) {
      Atomics.notify(this.counters, consumedIndex(this.size, worker));
    }
  }

  private signalWorkers(): void {
    Atomics.add(this.counters, EVENTS, 1);
    Atomics.notify(this.counters, EVENTS);
  }

  private slowestWorker(): number {
    const consumed = (worker: number) => Atomics.load(this.counters, consumedIndex(this.size, worker));
    let slowest = 0;
    for (let worker = 1; worker < this.workers; worker++) {
      if (consumed(worker) < consumed(slowest)) slowest = worker;
    }
    return slowest;
  }
}
