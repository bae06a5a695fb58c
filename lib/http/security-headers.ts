/** Headers every response carries, and the stricter ones for stored XML served as a download. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
};

/** Stored documents are never rendered by the browser: attachment, and a sandbox if opened anyway. */
export const DOWNLOAD_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_SECURITY_HEADERS,
  "Content-Security-Policy": "sandbox; default-src 'none'",
  "Cache-Control": "public, max-age=300",
};

/** A Content-Disposition filename: identifiers and such only, anything else replaced. */
export function attachment(filename: string): string {
  return `attachment; filename=${filename.replace(/[^A-Za-z0-9._-]/g, "_")}`;
}
