/**
 * Where a request for the original URL space goes (reference section 4.1), decided once for proxy.ts
 * and the server process (which routes before Next.js, saving the proxy's pass on every API call):
 * paths are normalised as the original did (`//` collapses, a trailing `/` is dropped, both served,
 * never redirected); /metadata, /endorsers, /tag and /query answer in XML or JSON from the route handlers under
 * /api/stratuslab, and in HTML from the pages, by `?media=` and Accept.
 */
import { negotiate } from "./negotiate";

const STRATUSLAB_PATH = /^\/(metadata|endorsers|tag|query|sync)(\/|$)/;

export function normalisePath(pathname: string): string {
  const collapsed = pathname.replace(/\/{2,}/g, "/");
  return collapsed.length > 1 && collapsed.endsWith("/") ? collapsed.slice(0, -1) : collapsed;
}

/**
 * The route handler path for a request of the original protocol, or undefined when the pages answer it
 * (or it is not such a request). `rsc`: the app router's own navigations and prefetches, which ask for
 * a page's RSC payload with Accept: * / *. `serverAction`: a POST carrying Next's `Next-Action` header,
 * which a page's server action (the entry page's moderation) posts to the page's own address.
 */
export function stratuslabHandlerPath(
  method: string,
  path: string,
  url: URL,
  accept: string | null,
  rsc: boolean,
  serverAction = false,
): string | undefined {
  if (!STRATUSLAB_PATH.test(path)) return undefined;
  if (serverAction && method === "POST") return undefined;
  const isRead = method === "GET" || method === "HEAD";
  if (isRead && (rsc || negotiate(url, accept) === "html")) return undefined;
  return `/api/stratuslab${path}`;
}
