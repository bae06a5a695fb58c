/**
 * A response body produced chunk by chunk from an async iterator, read only as fast as the client
 * reads (pull-based), with `finish` called exactly once however it ends: done, cancelled by the
 * client, failed, or idle, because a client that stops reading must not hold its place forever.
 */
export interface StreamBodyOptions {
  /** Called once when the body ends, whatever the reason. */
  finish?: () => void;
  /** The client must take the next chunk within this time, else the body is abandoned. */
  idleMs?: number;
}

const encoder = new TextEncoder();

/**
 * For streamed lists: never cached, and never compressed by the server (`no-transform`, which Next.js's
 * compression honours). Compressing a list of hundreds of megabytes costs more CPU than any page; a
 * few such requests would take the cores from everyone else. A proxy in front may compress.
 */
export const STREAM_CACHE_CONTROL = "no-store, no-transform";

export function streamBody(chunks: AsyncIterator<Uint8Array | string>, options: StreamBodyOptions = {}): ReadableStream<Uint8Array> {
  const idleMs = options.idleMs ?? 60_000;
  let finished = false;
  let idle: NodeJS.Timeout | undefined;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    options.finish?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        clearTimeout(idle);
        try {
          const next = await chunks.next();
          if (next.done) {
            finish();
            controller.close();
            return;
          }
          controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
          idle = setTimeout(() => {
            void chunks.return?.(undefined);
            finish();
            controller.error(new Error("the client stopped reading"));
          }, idleMs);
        } catch (error) {
          finish();
          controller.error(error);
        }
      },
      async cancel() {
        finish();
        await chunks.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
