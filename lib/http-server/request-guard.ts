/**
 * Requests refused before the application sees them, each with a 4xx that says why: what Next.js
 * would otherwise answer with a plain-text 500 (a malformed percent-escape in a path segment, a
 * request target of `*`), methods no resource serves (TRACE), control characters in the address (a
 * NUL reaches PostgreSQL as error 22021; a query value may hold tabs and line breaks), and bodies declared larger than any upload may be, refused
 * by their Content-Length before a byte of them is read.
 */
import type { IncomingHttpHeaders } from "node:http";
import { AppError } from "@/lib/errors";

/** Methods some resource answers; the route handlers answer 405 for the ones a resource lacks. */
export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const ALLOW = SERVED_METHODS.join(", ");
const MAX_TARGET_LENGTH = 8 * 1024;
const CONTROL = /[\u0000-\u001f\u007f]/;
/**
 * In a query value, tab and line breaks are text (a SPARQL query from /query's form, a description);
 * every other control character is refused there too. Each parameter's own rules refuse them where
 * they mean nothing (the listing's text filters).
 */
const QUERY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface GuardedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** The origin-form of the target (`/path?query`): a client may send the absolute form, which HTTP/1.1 servers must accept. */
export function originForm(target: string): string {
  if (!/^https?:\/\//i.test(target)) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return target;
  }
}

export function checkRequest(request: GuardedRequest, maxBodyBytes: number): AppError | undefined {
  const method = request.method.toUpperCase();
  if (!(SERVED_METHODS as readonly string[]).includes(method)) {
    return new AppError("method_not_allowed", `the method ${method.slice(0, 20)} is not served here; use one of ${ALLOW}`, {
      allow: ALLOW,
    });
  }
  const target = request.url;
  if (!target.startsWith("/")) {
    return new AppError(
      "bad_request",
      target === "*"
        ? "the request target * is not served: ask for a path such as /metadata"
        : "the request target must be a path such as /metadata",
    );
  }
  if (target.length > MAX_TARGET_LENGTH)
    return new AppError("uri_too_long", `the address is ${target.length} characters long; the limit is ${MAX_TARGET_LENGTH}`);
  const problem = checkTarget(target);
  if (problem) return new AppError("bad_request", problem);
  return checkDeclaredBody(request.headers, maxBodyBytes);
}

/** Every path segment and query value must percent-decode to UTF-8 text without control characters. */
function checkTarget(target: string): string | undefined {
  const queryAt = target.indexOf("?");
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? "" : target.slice(queryAt + 1);
  for (const segment of path.split("/")) {
    const decoded = decode(segment);
    if (decoded === undefined)
      return `the address has a malformed percent-escape in "${shown(segment)}": escapes must encode UTF-8, like %40 for @`;
    if (CONTROL.test(decoded)) return `the address has a control character in "${shown(segment)}"`;
  }
  for (const part of query.split("&")) {
    const decoded = decode(part.replaceAll("+", " "));
    if (decoded === undefined)
      return `the query has a malformed percent-escape in "${shown(part)}": escapes must encode UTF-8, like %40 for @`;
    if (QUERY_CONTROL.test(decoded)) return `the query has a control character in "${shown(part)}"`;
  }
  return undefined;
}

function checkDeclaredBody(headers: IncomingHttpHeaders, maxBodyBytes: number): AppError | undefined {
  const declared = headers["content-length"];
  if (declared === undefined) return undefined;
  const bytes = Number(declared);
  if (!/^\d+$/.test(declared) || !Number.isSafeInteger(bytes))
    return new AppError("bad_request", "the Content-Length header is not a number of bytes");
  if (bytes > maxBodyBytes) {
    return new AppError(
      "payload_too_large",
      `the request body is ${bytes} bytes; the limit is ${maxBodyBytes} bytes (metadata entries are a few kilobytes)`,
    );
  }
  return undefined;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function shown(text: string): string {
  const cut = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return cut.replace(/[^\x20-\x7e]/g, "?");
}
