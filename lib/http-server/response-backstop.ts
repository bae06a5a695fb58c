/**
 * What every response leaving the process must carry, whoever wrote it (a route handler, a page,
 * Next.js itself): a Content-Security-Policy (the sandbox one when nothing set its own: a stored
 * document rendered by a browser runs nothing) and nosniff. Also:
 * - a page that failed because the database was unavailable answers 503 with Retry-After, not 500
 *   (the data layer marks the request; Next.js renders its error page with 500);
 * - a page that asked for another status than 200 (setPageStatus: a hidden entry's 410, a 403) gets it;
 * - while the server shuts down, responses close their connection; so does a response sent before its
 *   request's body was read to the end (a refused upload): the rest of that body would otherwise sit
 *   unread in front of the connection's next request, which then never starts.
 * Hooked on writeHead, through which Node sends every status line, implicit ones included.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { SANDBOX_CSP } from "@/lib/http/security-headers";
import type { RequestState } from "@/lib/process-hooks";

/** Next.js's build output: scripts and styles, which a CSP header does not govern (and workers must not be sandboxed). */
const STATIC_ASSETS = /^\/_next\/static\//;
export const UNAVAILABLE_RETRY_SECONDS = 5;

export interface BackstopOptions {
  path: string;
  /** The request: its body may still be arriving when the response starts. */
  request: IncomingMessage;
  state: RequestState;
  shuttingDown: () => boolean;
}

type WriteHead = ServerResponse["writeHead"];

export function applyBackstop(res: ServerResponse, options: BackstopOptions): void {
  const original = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const patched = (statusCode: number, ...rest: unknown[]): ServerResponse => {
    let status = statusCode;
    let reason = typeof rest[0] === "string" ? (rest.shift() as string) : undefined;
    const headers = (rest[0] ?? undefined) as OutgoingHttpHeaders | string[] | undefined;
    const has = (name: string) => res.hasHeader(name) || hasIn(headers, name);
    if (!STATIC_ASSETS.test(options.path) && !has("content-security-policy")) res.setHeader("Content-Security-Policy", SANDBOX_CSP);
    if (!has("x-content-type-options")) res.setHeader("X-Content-Type-Options", "nosniff");
    if (status === 200 && options.state.pageStatus !== undefined) {
      status = options.state.pageStatus;
      reason = undefined;
      res.setHeader("Cache-Control", "no-store");
    }
    if (status === 500 && options.state.databaseUnavailable) {
      status = 503;
      reason = undefined;
      res.setHeader("Retry-After", String(UNAVAILABLE_RETRY_SECONDS));
      res.setHeader("Cache-Control", "no-store");
    }
    if (options.shuttingDown() || !options.request.complete) res.setHeader("Connection", "close");
    return reason === undefined ? original(status, headers) : original(status, reason, headers);
  };
  res.writeHead = patched as WriteHead;
}

function hasIn(headers: OutgoingHttpHeaders | string[] | undefined, name: string): boolean {
  if (!headers) return false;
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) if (String(headers[i]).toLowerCase() === name) return true;
    return false;
  }
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
