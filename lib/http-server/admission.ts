/**
 * Admission of requests to the application, so an overload becomes a short wait or a 503 with
 * Retry-After rather than a server that answers nothing, health checks included. Requests are sorted
 * into lanes, each with a bound on the requests in flight and on those waiting (first come, first
 * served), and a longest wait:
 * - health checks and build assets never wait;
 * - HTML pages, whose rendering costs the event loop tens of milliseconds each, run a few at a time,
 *   so the many that may be asked at once cannot crowd out the API and the health check;
 * - uploads (and other writes), each costing a document check and a transaction, a few at a time, so a
 *   flood of them leaves the cores and the database to the readers (they wait their turn instead);
 * - long transfers (a build's event stream, image downloads, disk uploads), which hold their place
 *   for minutes while costing little, in a lane of their own, so they never take the others' places;
 * - everything else (the APIs, the original protocol's reads) in a wider lane.
 */
import type { IncomingMessage } from "node:http";
import { ConcurrencyGate } from "@/lib/http/concurrency-gate";

export type Lane = "free" | "page" | "write" | "request" | "stream";

export interface LaneLimits {
  inFlight: number;
  waiting: number;
  maxWaitMs: number;
}

const FREE = /^\/(api\/health$|_next\/static\/|favicon\.ico$|icon\.svg$|robots\.txt$)/;
const STREAM = /^\/api\/v1\/(builds\/[^/]+\/(events|artifacts\/[^/]+)|disks)$/;

/** `path` after routing (serve.ts): the original protocol's data requests are under /api/stratuslab by now. */
export function laneOf(req: IncomingMessage, path: string): Lane {
  if (FREE.test(path)) return "free";
  if (STREAM.test(path)) return "stream";
  const isRead = req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS";
  // The DataTables page posts its query as a form: a read, not an upload.
  const isFormQuery = req.method === "POST" && /^application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "");
  if (!isRead && !isFormQuery) return "write";
  if (path.startsWith("/api/") || path.startsWith("/_next/")) return "request";
  return isRead ? "page" : "request";
}

const BUSY = "the Marketplace is busy; try again in a few seconds";
const BUSY_RETRY_SECONDS = 5;

/** Each lane is a concurrency gate; `enter` rejects with AppError("unavailable") (503 with Retry-After). */
export class Admission {
  private readonly lanes: Record<Exclude<Lane, "free">, ConcurrencyGate>;

  constructor(limits: Record<Exclude<Lane, "free">, LaneLimits>) {
    const gate = ({ inFlight, waiting, maxWaitMs }: LaneLimits) =>
      new ConcurrencyGate({ limit: inFlight, maxWaiting: waiting, maxWaitMs, retryAfterSeconds: BUSY_RETRY_SECONDS, busyMessage: BUSY });
    this.lanes = { page: gate(limits.page), write: gate(limits.write), request: gate(limits.request), stream: gate(limits.stream) };
  }

  /** `signal` aborts when the client goes away: a request that leaves while waiting gives up its turn. */
  enter(lane: Lane, signal?: AbortSignal): Promise<() => void> {
    return lane === "free" ? Promise.resolve(() => undefined) : this.lanes[lane].acquire(signal);
  }
}
