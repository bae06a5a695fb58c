/**
 * Headers of every response the route handlers write. Stored XML is data, never a page: every non-HTML
 * response carries a sandbox CSP (a browser that renders it anyway runs nothing, loads nothing) and
 * nosniff. The server process (lib/http-server/response-backstop.ts) adds the same to any response
 * that arrives without a CSP, so a forgotten case fails safe.
 */
export const SANDBOX_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'";

/** The one HTML page the route handlers write (htmlStatusPage): no script, its own inline styles only. */
export const STATUS_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
};

/** For XML, JSON, RDF and text bodies. */
export const DATA_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_SECURITY_HEADERS,
  "Content-Security-Policy": SANDBOX_CSP,
};

/** Stored documents as downloads: attachment, sandboxed if opened anyway, cacheable for a while. */
export const DOWNLOAD_HEADERS: Readonly<Record<string, string>> = {
  ...DATA_HEADERS,
  "Cache-Control": "public, max-age=300",
};

/** A Content-Disposition filename: identifiers and such only, anything else replaced. */
export function attachment(filename: string): string {
  return `attachment; filename=${filename.replace(/[^A-Za-z0-9._-]/g, "_")}`;
}
