/**
 * The Marketplace's HTTP server process (`npm start`, the tests, `npm run dev` with --dev): Node's
 * HTTP server in front of the Next.js application, because some things must be decided on the
 * connection, before Next.js reads anything:
 * - the application starts (database opened, PGlite lock taken) before the port is opened, and a
 *   start-up failure (the data directory is in use) exits non-zero with its message;
 * - the client's address and origin come from the socket, and forwarding headers count only from a
 *   trusted proxy (TRUST_PROXY);
 * - malformed requests and oversized declared bodies are refused at once (request-guard.ts), and
 *   `Expect: 100-continue` gets its 100 only for a body that may be sent;
 * - slow requests time out, idle keep-alive connections outlive common pool and proxy idle times;
 * - every response carries a CSP (response-backstop.ts);
 * - SIGTERM and SIGINT finish the requests in flight, close the database and exit.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, REQUEST_ORIGIN_HEADER } from "@/lib/http/request-info";
import { SANDBOX_CSP } from "@/lib/http/security-headers";
import { stratuslabHandlerPath, normalisePath } from "@/lib/http/stratuslab-route";
import { resolveForwarded } from "@/lib/http/trust-proxy";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { installRequestContext, type RequestState } from "@/lib/process-hooks";
import { toAppError } from "@/lib/errors";
import { MAX_DRAFT_BYTES } from "@/lib/wizard/draft";
import { Admission, laneOf } from "./admission";
import { prepareApplication, type Application } from "./application";
import { sendError } from "./early-response";
import { checkRequest, originForm, SERVED_METHODS } from "./request-guard";
import { applyBackstop } from "./response-backstop";

/** Longer than the idle timeouts of common connection pools and load balancers (60 s), so they close first. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const SHUTDOWN_GRACE_MS = 10_000;
/**
 * Requests in flight and waiting, per lane (admission.ts). Pages: a few renders at a time keep the
 * event loop free for everything else; writes: a few uploads checked and stored at a time (two
 * inspection threads, one database) leave the rest to readers; the rest wait, briefly, in order.
 */
const ADMISSION_LIMITS = {
  page: { inFlight: 4, waiting: 200, maxWaitMs: 15_000 },
  write: { inFlight: 4, waiting: 1_000, maxWaitMs: 30_000 },
  request: { inFlight: 64, waiting: 4_000, maxWaitMs: 20_000 },
  stream: { inFlight: 64, waiting: 200, maxWaitMs: 10_000 },
};

/** Multipart framing around the largest document. */
const MULTIPART_ALLOWANCE = 64 * 1024;
const HOST_HEADER = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];
const OWN_HEADERS = [CLIENT_ADDRESS_HEADER, REQUEST_ORIGIN_HEADER];

export async function serve(dev: boolean): Promise<void> {
  const { env } = await import("@/lib/env");
  const port = env.PORT;
  const hostname = env.HOST ?? "0.0.0.0";
  /** What POST /api/v1/builds reads at most (lib/server/api/builds.ts). */
  const RECIPE_BODY_BYTES = 12 * 1024 * 1024;
  let app: Application;
  try {
    app = await prepareApplication({ dir: packageRoot(), dev, hostname: hostname === "0.0.0.0" ? "localhost" : hostname, port });
    await app.hooks.start();
  } catch (error) {
    fail(`the Marketplace cannot start: ${describe(error)}`, 1);
  }

  const storage = new AsyncLocalStorage<RequestState>();
  installRequestContext(storage);
  const maxBodyBytes = env.MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE;
  // The bodies that are not metadata: a build's recipe (scripts inside), a disk to build from, a draft.
  const largeBodies: Readonly<Record<string, number>> = {
    "/api/v1/builds": RECIPE_BODY_BYTES,
    "/api/v1/disks": env.BUILD_FETCH_MAX_BYTES,
  };
  const bodyLimit = (url: string): number => {
    const path = url.split("?")[0]!;
    // A wizard draft holds the recipe's scripts too (lib/wizard/draft.ts).
    if (path === "/api/v1/drafts" || path.startsWith("/api/v1/drafts/")) return Math.max(maxBodyBytes, MAX_DRAFT_BYTES);
    return largeBodies[path] ?? maxBodyBytes;
  };
  const requestTimeout = env.REQUEST_TIMEOUT_SECONDS * 1000;
  let shuttingDown = false;
  let inFlight = 0;
  const admission = new Admission(ADMISSION_LIMITS);

  const serve = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    inFlight += 1;
    res.once("close", () => (inFlight -= 1));
    req.url = originForm(req.url ?? "/");
    const refusal = checkRequest({ method: req.method ?? "GET", url: req.url, headers: req.headers }, bodyLimit(req.url));
    if (refusal) {
      // A refused body is never read: the connection cannot be reused after it.
      void sendError(req, res, refusal, { close: true });
      return;
    }
    identify(req, env.trustProxy, port);
    const path = route(req);
    const lane = laneOf(req, path);
    const arrivedAt = performance.now();
    // A client that leaves while its request waits (a browser cancels the prefetches of the page it
    // navigates away from) must give up its turn: granted later, its place would have no "close"
    // left to release it, and four such places would close the page lane for good.
    const gone = new AbortController();
    const leave = (): void => gone.abort();
    res.once("close", leave);
    admission.enter(lane, gone.signal).then(
      (release) => {
        res.off("close", leave);
        if (gone.signal.aborted) return release();
        res.once("close", release);
        if (expectsContinue) res.writeContinue();
        const state: RequestState = { databaseUnavailable: false, arrivedAt };
        applyBackstop(res, { path, request: req, state, shuttingDown: () => shuttingDown });
        storage.run(state, () => {
          app.handle(req, res).catch((error: unknown) => {
            log("error", "request failed", { error: describe(error) });
            if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
            res.end("internal error");
          });
        });
      },
      (busy: unknown) => {
        res.off("close", leave);
        if (!gone.signal.aborted) void sendError(req, res, toAppError(busy), { close: true });
      },
    );
  };

  const server = http.createServer({
    requestTimeout,
    headersTimeout: Math.min(20_000, requestTimeout),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(2_000, requestTimeout),
  });
  server.on("request", (req, res) => serve(req, res, false));
  server.on("checkContinue", (req, res) => serve(req, res, true));
  if (dev) server.on("upgrade", (req, socket, head) => void app.upgrade(req, socket, head));
  // CONNECT bypasses "request": this is not a proxy.
  server.on("connect", (_req, socket) => {
    const body = "the method CONNECT is not served here";
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nAllow: ${SERVED_METHODS.join(", ")}\r\nContent-Security-Policy: ${SANDBOX_CSP}\r\nX-Content-Type-Options: nosniff\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason = error.code === "EADDRINUSE" ? `port ${port} is in use by another program: stop it or set PORT` : describe(error);
      void app.hooks.shutdown().finally(() => fail(`the Marketplace cannot listen: ${reason}`, 1));
    });
    server.listen(port, hostname, () => resolve());
  });
  log("info", "listening", {
    url: `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}/`,
    publicUrl: env.PUBLIC_URL ?? "from each request's Host",
    dev,
  });

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (shuttingDown) {
      log("warn", "second signal: exiting at once", { signal });
      process.exit(1);
    }
    shuttingDown = true;
    log("info", "shutting down", { signal, inFlight });
    // Whatever hangs (a client that never reads, a database that never answers), the process ends.
    setTimeout(() => {
      log("error", "shutdown took too long: exiting", {});
      process.exit(1);
    }, SHUTDOWN_GRACE_MS * 3).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(timer);
    await app.hooks.shutdown();
    log("info", "stopped", {});
    process.exit(0);
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
}

/** Sends the original protocol's data requests straight to their route handlers (as proxy.ts would); returns the path. */
function route(req: IncomingMessage): string {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = normalisePath(url.pathname);
  const accept = req.headers.accept ?? null;
  const handler = stratuslabHandlerPath(
    req.method ?? "GET",
    path,
    url,
    Array.isArray(accept) ? accept.join(",") : accept,
    req.headers.rsc === "1",
    typeof req.headers["next-action"] === "string",
  );
  if (!handler) return url.pathname;
  req.url = `${handler}${url.search}`;
  return handler;
}

/** Replaces whatever the client said about itself with what the connection (and trusted proxies) say. */
function identify(req: IncomingMessage, trust: Env["trustProxy"], port: number): void {
  for (const name of OWN_HEADERS) delete req.headers[name];
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  const view = resolveForwarded(req.socket.remoteAddress ?? "unknown", header("x-forwarded-for"), trust);
  const forwardedProto = view.fromTrustedProxy ? header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() : undefined;
  const forwardedHost = view.fromTrustedProxy ? header("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const proto =
    forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : (req.socket as TLSSocket).encrypted ? "https" : "http";
  const host = [forwardedHost, header("host")].find((h): h is string => h !== undefined && HOST_HEADER.test(h)) ?? `localhost:${port}`;
  if (!view.fromTrustedProxy) for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers[CLIENT_ADDRESS_HEADER] = view.clientAddress;
  req.headers[REQUEST_ORIGIN_HEADER] = `${proto}://${host}`;
}

function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Next.js wraps a failing register() as "An error occurred while loading the instrumentation hook".
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return (current as Error).message;
}

export function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
