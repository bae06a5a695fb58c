/**
 * What the HTTP server process (lib/http-server, bundled by esbuild) and the Next.js application
 * (bundled by Next) share. They are two module graphs in one process, so they meet on globalThis under
 * registered symbols: the application publishes its start-up and shutdown here, the server process
 * runs them (before listening, and on SIGTERM). No imports: both bundles include this file.
 */
import type { AsyncLocalStorage } from "node:async_hooks";

export interface ApplicationHooks {
  /** Opens and migrates the database, adds demo data, warms the workers; rejects when the server must not start. */
  start(): Promise<void>;
  /** Closes the database (PGlite checkpoints and releases its lock) and the worker pools. */
  shutdown(): Promise<void>;
}

/** Per request, shared by the server process and the data layer. */
export interface RequestState {
  /** Set when the database was unavailable while serving this request: a page's 500 becomes 503. */
  databaseUnavailable: boolean;
  /**
   * performance.now() when the request arrived: the embedded database runs the statements of older
   * requests first (db/pglite-worker/fair-scheduler.ts), so each request waits in its queue about once.
   */
  arrivedAt: number;
  /**
   * The status a page asks for instead of 200 (a hidden entry's 410, an admin page's 403): pages
   * cannot set one themselves; the server process applies it (lib/http-server/response-backstop.ts).
   */
  pageStatus?: number;
}

const HOOKS = Symbol.for("appliance-marketplace.application-hooks");
const CONTEXT = Symbol.for("appliance-marketplace.request-context");
type Slots = { [HOOKS]?: ApplicationHooks; [CONTEXT]?: AsyncLocalStorage<RequestState> };
const slots = globalThis as Slots;

export function publishApplicationHooks(hooks: ApplicationHooks): void {
  slots[HOOKS] = hooks;
}

export function applicationHooks(): ApplicationHooks | undefined {
  return slots[HOOKS];
}

/** The server process installs its AsyncLocalStorage once, before serving. */
export function installRequestContext(storage: AsyncLocalStorage<RequestState>): void {
  slots[CONTEXT] = storage;
}

/** The state of the request being served, if a server process is serving it. */
export function currentRequest(): RequestState | undefined {
  return slots[CONTEXT]?.getStore();
}

/** A page answers with this status instead of 200 (when a server process serves it). */
export function setPageStatus(status: number): void {
  const request = currentRequest();
  if (request) request.pageStatus = status;
}
