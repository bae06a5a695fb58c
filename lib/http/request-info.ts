/**
 * Facts about a request that the server process (lib/http-server) established from the connection
 * itself and passed in headers of its own (any copies a client sent are removed first):
 * - the client's address: the socket's peer, or what a trusted proxy (TRUST_PROXY) forwarded;
 * - the request's origin as the client sees it: the scheme from TLS or a trusted X-Forwarded-Proto,
 *   the host from a trusted X-Forwarded-Host or from Host (checked to be a plain host[:port]).
 * The public base URL for Location headers and links is PUBLIC_URL when set, else that origin.
 */
import { env } from "@/lib/env";

export const CLIENT_ADDRESS_HEADER = "x-marketplace-client-address";
export const REQUEST_ORIGIN_HEADER = "x-marketplace-request-origin";

/** Always ends with `/`. */
export function baseUrl(request: Request): string {
  return baseUrlFrom(request.headers, new URL(request.url).origin);
}

/** The same, from a page's headers(); `fallback` is used when no server process set the origin. */
export function baseUrlFrom(headers: Headers, fallback: string): string {
  return env.PUBLIC_URL ?? `${headers.get(REQUEST_ORIGIN_HEADER) ?? fallback}/`;
}

/** `scheme://host[:port]` of the request as the client sent it. */
export function requestOrigin(request: Request): string {
  return request.headers.get(REQUEST_ORIGIN_HEADER) ?? new URL(request.url).origin;
}

/** The origins a same-site form post may come from: the request's own, and PUBLIC_URL's. */
export function acceptedOrigins(request: Request): string[] {
  const own = requestOrigin(request);
  return env.PUBLIC_URL ? [own, new URL(env.PUBLIC_URL).origin] : [own];
}

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
