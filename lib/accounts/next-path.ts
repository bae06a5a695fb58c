/**
 * Where to go after signing in: only a path of this site (`/account`, `/metadata?q=x`), never another
 * origin (`//evil.example`, `https://…`, `/\evil.example`), so `?next=` cannot be an open redirect.
 */
export function safeNextPath(next: unknown, fallback = "/account"): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2000) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  // What a browser would make of it, resolved against a placeholder origin: must stay on it.
  try {
    const url = new URL(next, "http://marketplace.invalid");
    if (url.origin !== "http://marketplace.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
