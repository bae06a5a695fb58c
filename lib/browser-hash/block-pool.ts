/**
 * A fixed set of equal buffers the image travels in: the reader fills one, hashes it, passes it to
 * each peer in turn, and it comes back here. The reader waits when every buffer is out, so a slow
 * peer holds it back and memory stays at `count` buffers whatever the image's size. A failure
 * anywhere fails the reader's next take.
 */
export class BlockPool {
  private readonly free: ArrayBuffer[];
  private out = 0;
  private waiter: { resolve: (buffer: ArrayBuffer) => void; reject: (error: Error) => void } | undefined;
  private idle: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(
    count: number,
    readonly size: number,
  ) {
    this.free = Array.from({ length: count }, () => new ArrayBuffer(size));
  }

  /** A free buffer now, or undefined: lets a reader start its next read in the same tick. */
  takeNow(): ArrayBuffer | undefined {
    if (this.failure) return undefined;
    const buffer = this.free.pop();
    if (buffer) this.out++;
    return buffer;
  }

  take(): Promise<ArrayBuffer> {
    if (this.failure) return Promise.reject(this.failure);
    const buffer = this.takeNow();
    if (buffer) return Promise.resolve(buffer);
    return new Promise((resolve, reject) => (this.waiter = { resolve: (b) => (this.out++, resolve(b)), reject }));
  }

  /** Returns a buffer taken earlier (the same memory, possibly a new ArrayBuffer after a transfer). */
  give(buffer: ArrayBuffer): void {
    this.out--;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter.resolve(buffer);
    else this.free.push(buffer);
    if (this.out === 0) this.idle?.();
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.waiter?.reject(this.failure);
    this.waiter = undefined;
    this.idle?.();
  }

  /** Resolves once every buffer is back; rejects with the first failure. */
  settled(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => (this.failure ? reject(this.failure) : this.out === 0 ? resolve() : undefined);
      this.idle = check;
      check();
    });
  }
}
