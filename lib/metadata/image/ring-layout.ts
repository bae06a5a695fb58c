/**
 * The memory the reading thread shares with the digest workers: a ring of fixed-size slots in one
 * SharedArrayBuffer (so memory stays constant whatever the image size, and every digest reads the
 * same bytes without a copy) and an Int32Array of counters that hands slots over with Atomics.
 *
 * Chunk k goes to slot k % slotCount. The reader may refill that slot once every worker's
 * consumed counter has passed k - slotCount. Workers sleep on EVENTS, which the reader bumps after
 * every change they must see (a publish, the end, an abort); the reader sleeps on the consumed
 * counter of the slowest worker.
 */
import type { DigestName } from "@/lib/metadata/image/digest-plan";

export interface RingSize {
  slotBytes: number;
  slotCount: number;
}

export const DEFAULT_RING: RingSize = {
  // Large slots make the hand-over cost per chunk negligible; eight of them let the faster worker run
  // ahead of the slower one by a few scheduler time slices. 32 MiB in all, whatever the image size
  // (2-8 MiB slots and 4-16 of them measured the same on a 2 GiB image).
  slotBytes: 4 * 1024 * 1024,
  slotCount: 8,
};

export const EVENTS = 0;
export const PUBLISHED = 1;
export const STATE = 2;
const FIRST_LENGTH = 3;

export const RUNNING = 0;
export const ENDED = 1;
export const ABORTED = 2;

export function lengthIndex(slot: number): number {
  return FIRST_LENGTH + slot;
}

export function consumedIndex(ring: RingSize, worker: number): number {
  return FIRST_LENGTH + ring.slotCount + worker;
}

export function controlWords(ring: RingSize, workers: number): number {
  return FIRST_LENGTH + ring.slotCount + workers;
}

/** What each digest worker is started with. */
export interface DigestWorkerData {
  ring: RingSize;
  control: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  worker: number;
  digests: DigestName[];
}

/** What a worker posts when the reader has ended and it has hashed every chunk. */
export interface DigestWorkerResult {
  hex: Partial<Record<DigestName, string>>;
}
