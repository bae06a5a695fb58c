/**
 * Facts about the request that the original took from its proxy headers: the public base URL (for
 * Location and links; PUBLIC_URL wins, else X-Forwarded-Proto and Host) and the client address
 * (the last X-Forwarded-For hop, which is the one our own reverse proxy or Next.js added).
 */
import { env } from "@/lib/env";

export function baseUrl(request: Request): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.endsWith("/") ? env.PUBLIC_URL : `${env.PUBLIC_URL}/`;
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || url.host;
  return `${proto}://${host}/`;
}

export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last || request.headers.get("x-real-ip") || "unknown";
}

export function entryPath(key: { identifier: string; email: string; created: string }): string {
  return `metadata/${key.identifier}/${key.email}/${key.created}`;
}
