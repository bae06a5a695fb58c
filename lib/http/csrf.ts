/**
 * Cross-site form posts are refused. Route handlers get no CSRF protection from Next.js, and a
 * `<form>` on another site can POST here. Browsers say where a request comes from (Sec-Fetch-Site,
 * Origin); the original tools (curl, stratus-upload-metadata) send neither and keep working.
 */
import { AppError } from "@/lib/errors";

export function assertNotCrossSite(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("forbidden", "cross-site form posts are not accepted: upload from this Marketplace's own page");
  }
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError("forbidden", "the request's Origin header is not a URL");
    }
    if (host && originHost !== host) {
      throw new AppError("forbidden", "cross-site form posts are not accepted: upload from this Marketplace's own page");
    }
  } else if (origin === "null") {
    throw new AppError("forbidden", "uploads from sandboxed or opaque origins are not accepted");
  }
}
