/**
 * A GET, HEAD or POST (a webhook's) of a URL a user gave, under the SSRF rules (address-policy.ts): http and https only,
 * no credentials in the URL, every address checked where the connection is made (the resolver's
 * answer is checked inside the connection's own lookup, so a name cannot resolve to a public
 * address for the check and to 127.0.0.1 for the connection), every redirect checked again, and
 * bounded in time, redirects and bytes. A refusal is an AppError a person can read: 422 for a URL the
 * rules refuse, 502 for a server that fails, 413 for a body over the limit.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Transform, type Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import type { AddressPolicy } from "./address-policy";

export interface OutboundOptions {
  policy: AddressPolicy;
  method?: "GET" | "HEAD" | "POST";
  /** A POST's body (a webhook's). A POST follows no redirect: a 3xx is its answer. */
  body?: Buffer;
  headers?: Record<string, string>;
  /** For the answer's headers, and for each stretch without data after them. Default 30 s. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** The body is cut with a 413 past this many bytes. Default unbounded. */
  maxBytes?: number;
}

export interface OutboundResponse {
  /** The URL answered, after redirects. */
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function outboundRequest(target: string, options: OutboundOptions): Promise<OutboundResponse> {
  let url = checkedUrl(target);
  for (let redirects = 0; ; redirects += 1) {
    const response = await requestOnce(url, options);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || !location || options.method === "POST") return answer(url, response, options);
    response.resume();
    if (redirects >= (options.maxRedirects ?? 5))
      throw new AppError("upstream_failed", `${url.host} redirected more than ${options.maxRedirects ?? 5} times`);
    url = checkedUrl(new URL(location, url).toString());
  }
}

function checkedUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError("unprocessable", `"${text.slice(0, 200)}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new AppError("unprocessable", `only http and https URLs are fetched, not ${url.protocol}`);
  if (url.username || url.password) throw new AppError("unprocessable", "a URL with a user name or password is not fetched");
  return url;
}

function requestOnce(url: URL, options: OutboundOptions): Promise<http.IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) refuseAddress(options.policy, url, host);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: options.method ?? "GET",
      headers: {
        "User-Agent": "Appliance-Marketplace",
        ...(options.body ? { "Content-Length": String(options.body.length) } : {}),
        ...options.headers,
      },
      lookup: checkedLookup(options.policy, url),
      timeout: timeoutMs,
      agent: false,
    });
    request.once("timeout", () =>
      request.destroy(new AppError("upstream_failed", `${url.host} did not answer within ${Math.round(timeoutMs / 1000)} s`)),
    );
    request.once("error", (error) =>
      reject(
        AppError.is(error)
          ? error
          : new AppError("upstream_failed", `${url.host} could not be reached: ${error.message}`, {}, { cause: error }),
      ),
    );
    request.once("response", resolve);
    request.end(options.body);
  });
}

/** The connection's own resolver: every address the name has must be allowed, or none is used. */
function checkedLookup(policy: AddressPolicy, url: URL): net.LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error)
        return callback(new AppError("upstream_failed", `${hostname} could not be resolved: ${error.code ?? error.message}`), "", 0);
      const list = addresses as dns.LookupAddress[];
      try {
        for (const { address } of list) refuseAddress(policy, url, address);
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, "", 0);
      }
      if (lookupOptions.all) return callback(null, list as unknown as string, 0);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function refuseAddress(policy: AddressPolicy, url: URL, address: string): void {
  const refusal = policy.refusal(address);
  if (refusal) throw new AppError("unprocessable", `${url.host} is not fetched: ${refusal}`);
}

function answer(url: URL, response: http.IncomingMessage, options: OutboundOptions): OutboundResponse {
  const limit = options.maxBytes;
  let body: Readable = response;
  if (limit !== undefined) {
    let seen = 0;
    body = response.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          seen += chunk.length;
          if (seen > limit) return done(new AppError("payload_too_large", `${url.host} sent more than ${limit} bytes`));
          done(null, chunk);
        },
      }),
    );
    response.once("error", (error) => body.destroy(error));
  }
  return { url: url.toString(), status: response.statusCode ?? 0, headers: response.headers, body };
}
