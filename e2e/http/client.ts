/** curl-like requests for the HTTP tests: exact bytes in, status, headers and text out. */
import http from "node:http";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
}

export async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, { redirect: "manual", ...init });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, text: bytes.toString("utf8"), bytes };
}

/** What stratus-upload-metadata sends. */
export function uploadXml(base: string, xml: Buffer | string, headers: Record<string, string> = {}): Promise<Reply> {
  return request(`${base}/metadata`, {
    method: "POST",
    headers: { "Content-Type": "application/xml", Accept: "application/xml", ...headers },
    body: typeof xml === "string" ? xml : new Uint8Array(xml),
  });
}

export function uploadFixture(base: string, name: string, headers: Record<string, string> = {}): Promise<Reply> {
  return uploadXml(base, readFixture(`marketplace/${name}`), headers);
}

/** The text of an `<error>` body. */
export function errorText(reply: Reply): string | undefined {
  return /<error>([\s\S]*)<\/error>/.exec(reply.text)?.[1];
}

/** How many entries a `<metadata>` list holds. */
export function countEntries(reply: Reply): number {
  return reply.text.match(/<rdf:RDF[\s>]/g)?.length ?? 0;
}

export interface RawReply {
  status: number;
  headers: import("node:http").IncomingHttpHeaders;
  text: string;
  /** Milliseconds from sending the request to the end of the reply. */
  ms: number;
  /** The server answered 100 Continue. */
  continued: boolean;
}

export interface RawOptions {
  method?: string;
  /** Sent as it is on the request line (no normalisation, `*` allowed). */
  target: string;
  headers?: Record<string, string>;
  /** Written after the headers; leave out to send headers only (a body that never arrives). */
  body?: Buffer | string;
  /** Give up after this long (the reply is then status 0). */
  timeoutMs?: number;
}

/** One request on its own connection through node:http, for what fetch refuses to send (TRACE, `*`, lying Content-Length). */
export function rawRequest(base: string, options: RawOptions): Promise<RawReply> {
  const { hostname, port } = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: hostname,
      port,
      method: options.method ?? "GET",
      path: options.target,
      headers: options.headers,
      agent: false,
      setHost: true,
    });
    let continued = false;
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ status: 0, headers: {}, text: "", ms: performance.now() - started, continued });
    }, options.timeoutMs ?? 30_000);
    req.on("continue", () => {
      continued = true;
      if (options.body !== undefined) req.end(options.body);
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
          ms: performance.now() - started,
          continued,
        });
      });
      res.on("error", reject);
    });
    // A reply to CONNECT comes as a "connect" event, whatever its status.
    req.on("connect", (res, socket) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text: "", ms: performance.now() - started, continued });
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      // The server may close a refused upload's connection while the body is still being written.
      if ((error as NodeJS.ErrnoException).code === "ECONNRESET" || (error as NodeJS.ErrnoException).code === "EPIPE") return;
      reject(error);
    });
    const expectsContinue = Object.entries(options.headers ?? {}).some(([k, v]) => k.toLowerCase() === "expect" && /100-continue/i.test(v));
    if (expectsContinue) req.flushHeaders();
    else if (options.body !== undefined) req.end(options.body);
    else req.flushHeaders();
  });
}
