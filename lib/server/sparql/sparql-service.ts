import "server-only";
/**
 * The SPARQL endpoint's engine (issue 12, item 6): oxigraph in a worker thread (sparql.worker.ts),
 * loaded with every visible entry's RDF the first time a query comes and brought up to date whenever
 * the data version has moved (entries added, hidden or shown again), one operation at a time. A query
 * that runs past SPARQL_TIMEOUT_MS is stopped by terminating the thread, and answered 422; the next
 * query starts a new thread and loads the store again. Queries wait in line, at most QUEUE_LIMIT.
 */
import { Worker } from "node:worker_threads";
import { currentDataVersion, rdfJsonOf, visibleEntryIds } from "@/db";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { workerPath } from "@/lib/metadata/workers/worker-path";
import type { SparqlReply, SparqlRequest } from "./sparql.worker";

export type ResultsFormat = "application/sparql-results+json" | "application/sparql-results+xml";

const LOAD_BATCH = 500;
const QUEUE_LIMIT = 16;

type Pending = { resolve: (reply: SparqlReply) => void };
/** The request without its ticket, which the thread numbers. */
type Request = SparqlRequest extends infer R ? (R extends { ticket: number } ? Omit<R, "ticket"> : never) : never;

class SparqlEngine {
  private worker: Worker | undefined;
  private tickets = 0;
  private readonly pending = new Map<number, Pending>();
  private loaded = new Set<number>();
  private version = -1;
  private line: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Runs `query` (already allowed and capped) and returns the serialised results. */
  query(query: string, format: ResultsFormat): Promise<string> {
    if (this.waiting >= QUEUE_LIMIT)
      throw new AppError("rate_limited", "too many SPARQL queries are waiting: try again shortly", { retryAfter: 5 });
    this.waiting += 1;
    const run = this.line.then(async () => {
      try {
        await this.catchUp();
        const reply = await this.send({ kind: "query", query, format }, env.SPARQL_TIMEOUT_MS);
        if (!reply.ok) throw new AppError("bad_request", `the query cannot be run: ${reply.message.split("\n")[0]!.slice(0, 300)}`);
        return reply.body ?? "";
      } finally {
        this.waiting -= 1;
      }
    });
    this.line = run.catch(() => undefined);
    return run;
  }

  /** Loads what the store lacks and drops what is gone, when the data changed since the last look. */
  private async catchUp(): Promise<void> {
    const version = await currentDataVersion();
    if (version === this.version && this.worker) return;
    const visible = await visibleEntryIds();
    const wanted = new Set(visible);
    const gone = [...this.loaded].filter((id) => !wanted.has(id));
    if (gone.length > 0) await this.send({ kind: "remove", ids: gone });
    for (const id of gone) this.loaded.delete(id);
    const missing = visible.filter((id) => !this.loaded.has(id));
    for (let i = 0; i < missing.length; i += LOAD_BATCH) {
      const batch = await rdfJsonOf(missing.slice(i, i + LOAD_BATCH));
      await this.send({ kind: "add", entries: batch });
      for (const entry of batch) this.loaded.add(entry.id);
    }
    this.version = version;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerPath("sparql"));
    worker.on("message", (reply: SparqlReply) => {
      this.pending.get(reply.ticket)?.resolve(reply);
      this.pending.delete(reply.ticket);
    });
    worker.on("error", (error) => {
      logger.warn("the SPARQL thread failed", { error: error.message });
      this.reset(worker, `the SPARQL engine failed: ${error.message}`);
    });
    worker.on("exit", () => this.reset(worker, "the SPARQL engine stopped"));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private send(request: Request, timeoutMs?: number): Promise<SparqlReply> {
    const worker = this.thread();
    const ticket = ++this.tickets;
    return new Promise<SparqlReply>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.pending.delete(ticket);
              // A synchronous WebAssembly loop cannot be interrupted but by ending its thread.
              void worker.terminate();
              this.reset(worker, "stopped");
              reject(
                new AppError(
                  "unprocessable",
                  `the query ran longer than ${env.SPARQL_TIMEOUT_MS / 1000} s and was stopped: narrow it (fewer unbound patterns, a LIMIT)`,
                ),
              );
            }, timeoutMs);
      this.pending.set(ticket, {
        resolve: (reply) => {
          if (timer) clearTimeout(timer);
          resolve(reply);
        },
      });
      worker.postMessage({ ...request, ticket });
    });
  }

  /** Forgets a thread that ended: its store is gone, so the next query loads a new one. */
  private reset(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.loaded = new Set();
    this.version = -1;
    for (const [ticket, pending] of this.pending) pending.resolve({ ticket, ok: false, message: reason });
    this.pending.clear();
  }
}

const SLOT = Symbol.for("appliance-marketplace.sparql-engine");
const slots = globalThis as { [SLOT]?: SparqlEngine };

export function sparqlEngine(): SparqlEngine {
  return (slots[SLOT] ??= new SparqlEngine());
}
