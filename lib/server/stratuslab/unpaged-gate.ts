import "server-only";
/**
 * The original protocol lets any client ask for the whole list (no paging parameters). Each such list
 * streams in bounded memory, but a large one holds a database walk and a connection for as long as its
 * client reads: a few large lists run at once, a few more wait briefly, the rest get 503 with
 * Retry-After. Small lists, such as `/metadata/<identifier>` that every cloud asks before it starts an
 * image, pass without a place.
 */
import { listExtent } from "@/db";
import type { ListQuery } from "@/lib/entries/list-query";
import { ConcurrencyGate } from "@/lib/http/concurrency-gate";

/** A whole list up to this size of stored documents streams without waiting for a place. */
export const SMALL_LIST_BYTES = 2 * 1024 * 1024;

/** A place for the whole list of `query` (a release function), taken only if the list is large. */
export async function placeForWholeList(query: ListQuery): Promise<() => void> {
  const { bytes } = await listExtent(query);
  return bytes <= SMALL_LIST_BYTES ? () => undefined : unpagedListGate().acquire();
}

const globalForGate = globalThis as unknown as { unpagedListGate?: ConcurrencyGate };

export function unpagedListGate(): ConcurrencyGate {
  globalForGate.unpagedListGate ??= new ConcurrencyGate({
    limit: 4,
    maxWaiting: 16,
    maxWaitMs: 10_000,
    retryAfterSeconds: 10,
    busyMessage:
      "too many whole lists are being sent right now; try again in a few seconds, or ask for a page (iDisplayStart and iDisplayLength, or /api/v1/entries)",
  });
  return globalForGate.unpagedListGate;
}
