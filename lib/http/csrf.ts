/**
 * Cross-site form posts are refused. Route handlers get no CSRF protection from Next.js, and a
 * `<form>` on another site can POST here. Browsers say where a request comes from (Sec-Fetch-Site,
 * Origin); the original tools (curl, stratus-upload-metadata) send neither and keep working. The
 * Origin must match scheme, host and port: a page on http:// must not post to the https:// site.
 */
import { AppError } from "@/lib/errors";
import { acceptedOrigins } from "./request-info";

const CROSS_SITE = "cross-site form posts are not accepted: upload from this Marketplace's own page";

export function assertNotCrossSite(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("forbidden", CROSS_SITE);
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (origin === "null") throw new AppError("forbidden", "uploads from sandboxed or opaque origins are not accepted");
  let parsed: string;
  try {
    parsed = new URL(origin).origin;
  } catch {
    throw new AppError("forbidden", "the request's Origin header is not a URL");
  }
  if (!acceptedOrigins(request).includes(parsed)) throw new AppError("forbidden", CROSS_SITE);
}
