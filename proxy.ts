/**
 * Routing of the original URL space and the pages' Content-Security-Policy. No authorisation here:
 * checks live in the handlers and the data layer.
 *
 * - Paths are normalised as the original did: `//` collapses, a trailing `/` is dropped (both served,
 *   never redirected, so `curl .../metadata/` keeps working).
 * - /metadata, /endorsers and /tag answer in XML, JSON or HTML by `?media=` and Accept (lib/http/negotiate):
 *   HTML goes to the pages, everything else (and every POST) to the route handlers in /api/stratuslab.
 * - Pages get a per-request nonce for their scripts.
 */
import { NextResponse, type NextRequest } from "next/server";
import { stratuslabHandlerPath, normalisePath } from "@/lib/http/stratuslab-route";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const path = normalisePath(pathname);
  // The server process routes these itself; this covers `next dev` and anything that reaches here.
  const handler = stratuslabHandlerPath(
    request.method,
    path,
    request.nextUrl,
    request.headers.get("accept"),
    request.headers.get("rsc") === "1",
    request.headers.has("next-action"),
  );
  if (handler) return NextResponse.rewrite(new URL(`${handler}${search}`, request.url));
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  const response =
    path === pathname
      ? NextResponse.next({ request: { headers } })
      : NextResponse.rewrite(new URL(`${path}${search}`, request.url), { request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // A sign-in with the OIDC provider posts a form whose answer redirects to the provider.
    `form-action 'self'${oidcOrigin()}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

function oidcOrigin(): string {
  const issuer = process.env.AUTH_OIDC_ISSUER;
  if (!issuer) return "";
  try {
    return ` ${new URL(issuer).origin}`;
  } catch {
    return "";
  }
}

export const config = {
  // The JSON API and Next's assets need neither routing nor a page CSP: the proxy stays off their path.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|robots.txt|icon.svg).*)"],
};
