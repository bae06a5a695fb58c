/**
 * The embedded PGlite, run in its own thread (pglite.worker.ts) and driven from here with the part of
 * PGlite's interface that drizzle-orm's PGlite driver uses: `query`, `exec` and `transaction`. Every
 * operation goes through a FairScheduler, so reads and writes share the database fairly, maintenance
 * waits for idle moments, and overload is refused (503) instead of queued without end.
 *
 * If the thread dies (a WebAssembly abort), the operation in flight fails and the next one opens the
 * data directory again in a fresh thread: PostgreSQL's crash recovery brings it to the last commit.
 */
import { Worker } from "node:worker_threads";
import { workerPath } from "@/lib/metadata/workers/worker-path";
import { currentRequest } from "@/lib/process-hooks";
import { FairScheduler, type FairSchedulerOptions, type OperationClass } from "./fair-scheduler";
import { deserializeError, type QueryResult, type RowMode, type WorkerHello, type WorkerReply, type WorkerRequest } from "./protocol";

/** A request before it gets its id (Omit over each member of the union). */
type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;

export interface RemotePgliteOptions {
  /** undefined: an in-memory database (tests). */
  dataDir?: string;
  scheduler?: Partial<FairSchedulerOptions>;
}

/** What drizzle's PGlite session calls on a transaction. */
export interface RemoteTransaction {
  query(sql: string, params?: unknown[], options?: { rowMode?: RowMode }): Promise<QueryResult>;
  exec(sql: string): Promise<QueryResult[]>;
}

const DEFAULT_SCHEDULER: FairSchedulerOptions = {
  maxQueued: { read: 2_000, write: 500, maintenance: 16 },
  maxWaitMs: 20_000,
  maintenanceMaxWaitMs: 30_000,
  // A read is a person or a site waiting; an upload is a tool that can wait longer. At 4 : 1, 50
  // uploaders without pause took a third of the database's time (an upload's transaction holds it
  // alone for ~25 ms) and pushed the p99 of 200 readers to 2.5 s (bench:soak); at 8 : 1 it was 1.8 s,
  // and the uploads, slower, still all succeeded.
  weights: { read: 8, write: 1 },
};

/** When the HTTP request this statement serves arrived (none outside a request: the scheduler uses the time it is queued). */
function requestArrival(): number | undefined {
  return currentRequest()?.arrivedAt;
}

const READ_STATEMENT = /^\s*(select|values|show|explain)\b/i;
const WITH_STATEMENT = /^\s*with\b/i;
const MODIFYING = /\b(insert|update|delete|merge)\b/i;
const MAINTENANCE_STATEMENT = /^\s*(vacuum|analyze|checkpoint)\b/i;

/** Which scheduler lane a standalone statement belongs to. */
export function classify(sql: string): OperationClass {
  if (MAINTENANCE_STATEMENT.test(sql)) return "maintenance";
  if (READ_STATEMENT.test(sql)) return "read";
  if (WITH_STATEMENT.test(sql) && !MODIFYING.test(sql)) return "read";
  return "write";
}

export class RemotePglite {
  private worker: Worker | undefined;
  private opening: Promise<Worker> | undefined;
  private readonly pending = new Map<number, { resolve: (reply: WorkerReply & { ok: true }) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed = false;
  private epoch = 0;
  readonly scheduler: FairScheduler;

  private constructor(private readonly options: RemotePgliteOptions) {
    this.scheduler = new FairScheduler({ ...DEFAULT_SCHEDULER, ...options.scheduler });
  }

  /** Starts the thread and opens the database in it; rejects with PGlite's error if it cannot. */
  static async create(options: RemotePgliteOptions = {}): Promise<RemotePglite> {
    const client = new RemotePglite(options);
    await client.ensureWorker();
    return client;
  }

  /**
   * Grows after every statement or transaction that may have changed data. This process is the only
   * one that can write the data directory (the lock), so caches can key on it with no query at all.
   */
  get writeEpoch(): number {
    return this.epoch;
  }

  query(sql: string, params: unknown[] = [], options: { rowMode?: RowMode } = {}): Promise<QueryResult> {
    const cls = classify(sql);
    return this.scheduler.run(
      cls,
      () => this.counted(cls, this.send<QueryResult>({ op: "query", sql, params, rowMode: options.rowMode ?? "object" })),
      requestArrival(),
    );
  }

  exec(sql: string): Promise<QueryResult[]> {
    const cls = classify(sql);
    return this.scheduler.run(cls, () => this.counted(cls, this.send<QueryResult[]>({ op: "exec", sql })), requestArrival());
  }

  /** One transaction, alone on the database from BEGIN to COMMIT (or ROLLBACK when `callback` throws). */
  transaction<T>(callback: (tx: RemoteTransaction) => Promise<T>): Promise<T> {
    return this.scheduler.run("write", () => this.counted("write", this.runTransaction(callback)), requestArrival());
  }

  private async runTransaction<T>(callback: (tx: RemoteTransaction) => Promise<T>): Promise<T> {
    const { tx } = await this.sendRaw({ op: "begin" });
    const id = tx as number;
    const handle: RemoteTransaction = {
      query: (sql, params = [], options = {}) =>
        this.send<QueryResult>({ op: "query", sql, params, rowMode: options.rowMode ?? "object", tx: id }),
      exec: (sql) => this.send<QueryResult[]>({ op: "exec", sql, tx: id }),
    };
    let result: T;
    try {
      result = await callback(handle);
    } catch (error) {
      await this.sendRaw({ op: "end", tx: id, commit: false }).catch(() => undefined);
      throw error;
    }
    await this.sendRaw({ op: "end", tx: id, commit: true });
    return result;
  }

  /** A write counts once it is over, committed or not (a rolled-back one only costs a cache miss). */
  private counted<T>(cls: OperationClass, operation: Promise<T>): Promise<T> {
    if (cls !== "write") return operation;
    return operation.finally(() => (this.epoch += 1));
  }

  /** Waits for the operation in flight, closes PGlite (a clean checkpoint) and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.race([this.scheduler.close(new Error("the database is closing")), sleep(10_000)]);
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    await this.post(worker, { op: "close" }).catch(() => undefined);
    await Promise.race([exited, sleep(10_000)]);
    await worker.terminate();
  }

  private async send<T>(request: Request): Promise<T> {
    return (await this.sendRaw(request)).result as T;
  }

  private async sendRaw(request: Request): Promise<WorkerReply & { ok: true }> {
    return this.post(await this.ensureWorker(), request);
  }

  private post(worker: Worker, request: Request): Promise<WorkerReply & { ok: true }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  private ensureWorker(): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error("the database is closed"));
    if (this.worker) return Promise.resolve(this.worker);
    this.opening ??= this.spawn().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private spawn(): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(workerPath("pglite"), { workerData: { dataDir: this.options.dataDir }, execArgv: [] });
      let ready = false;
      worker.once("message", (hello: WorkerHello) => {
        if (!hello.ready) {
          reject(deserializeError(hello.error));
          void worker.terminate();
          return;
        }
        ready = true;
        this.worker = worker;
        worker.on("message", (reply: WorkerReply) => this.settle(reply));
        resolve(worker);
      });
      worker.once("error", (error) => {
        if (!ready) reject(error);
        this.lost(worker, error);
      });
      worker.once("exit", (code) => {
        if (!ready) reject(new Error(`the database thread exited with code ${code} while opening`));
        this.lost(worker, new Error(`the database thread exited with code ${code}`));
      });
    });
  }

  private settle(reply: WorkerReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply);
    else waiter.reject(deserializeError(reply.error));
  }

  /** The thread is gone: what it was doing fails as "unavailable"; the next operation starts a new one. */
  private lost(worker: Worker, cause: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const [id, waiter] of this.pending) {
      this.pending.delete(id);
      const error = new Error(`the database thread stopped: ${cause.message}`) as Error & { code: string };
      error.code = "57P01"; // admin_shutdown: the data layer answers 503
      waiter.reject(error);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
