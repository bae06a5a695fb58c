/**
 * The embedded PGlite in a thread of its own. PGlite executes SQL synchronously inside WebAssembly, so
 * on the server's main thread every statement (a 2 MB insert, a VACUUM) would stop all HTTP traffic,
 * health checks included, for its duration. Here it blocks only this thread. The server side
 * (remote-pglite.ts) sends one operation at a time, in the order its fair scheduler chose.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types, type Transaction } from "@electric-sql/pglite";
import { serializeError, type QueryResult, type WorkerData, type WorkerHello, type WorkerReply, type WorkerRequest } from "./protocol";

const port = parentPort;
if (!port) throw new Error("pglite.worker must run as a worker thread");

const keep = (value: string) => value;
/** The parsers drizzle-orm's PGlite driver passes with every query (functions cannot cross threads). */
const DRIZZLE_PARSERS = {
  [types.TIMESTAMP]: keep,
  [types.TIMESTAMPTZ]: keep,
  [types.INTERVAL]: keep,
  [types.DATE]: keep,
  1231: keep, // numeric[]
  1115: keep, // timestamp[]
  1185: keep, // timestamptz[]
  1187: keep, // interval[]
  1182: keep, // date[]
};

interface OpenTransaction {
  tx: Transaction;
  finish: (commit: boolean) => void;
  done: Promise<void>;
}

const { dataDir } = workerData as WorkerData;
const transactions = new Map<number, OpenTransaction>();
let nextTransaction = 1;

function reply(message: WorkerReply): void {
  port!.postMessage(message);
}

function shape(result: { rows: unknown[]; fields: Array<{ name: string; dataTypeID: number }>; affectedRows?: number }): QueryResult {
  return {
    rows: result.rows,
    fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    ...(result.affectedRows === undefined ? {} : { affectedRows: result.affectedRows }),
  };
}

function target(pg: PGlite, tx: number | undefined): PGlite | Transaction {
  if (tx === undefined) return pg;
  const open = transactions.get(tx);
  if (!open) throw new Error(`transaction ${tx} is not open`);
  return open.tx;
}

async function handle(pg: PGlite, request: WorkerRequest): Promise<void> {
  switch (request.op) {
    case "query": {
      const result = await target(pg, request.tx).query(request.sql, request.params, {
        rowMode: request.rowMode,
        parsers: DRIZZLE_PARSERS,
      });
      reply({ id: request.id, ok: true, result: shape(result) });
      return;
    }
    case "exec": {
      const results = await target(pg, request.tx).exec(request.sql);
      reply({ id: request.id, ok: true, result: results.map(shape) });
      return;
    }
    case "begin": {
      const id = nextTransaction++;
      let started = false;
      let finish!: (commit: boolean) => void;
      const decided = new Promise<boolean>((resolve) => (finish = resolve));
      const done = pg.transaction(async (tx) => {
        transactions.set(id, { tx, finish, done });
        started = true;
        reply({ id: request.id, ok: true, tx: id });
        if (!(await decided)) await tx.rollback();
      });
      done.catch((error: unknown) => {
        transactions.delete(id);
        if (!started) reply({ id: request.id, ok: false, error: serializeError(error) });
      });
      return;
    }
    case "end": {
      const open = transactions.get(request.tx);
      if (!open) throw new Error(`transaction ${request.tx} is not open`);
      transactions.delete(request.tx);
      open.finish(request.commit);
      await open.done;
      reply({ id: request.id, ok: true });
      return;
    }
    case "close": {
      for (const open of transactions.values()) open.finish(false);
      await pg.close();
      reply({ id: request.id, ok: true });
      port!.close();
      return;
    }
  }
}

async function main(): Promise<void> {
  let pg: PGlite;
  try {
    pg = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  } catch (error) {
    port!.postMessage({ ready: false, error: serializeError(error) } satisfies WorkerHello);
    return;
  }
  port!.on("message", (request: WorkerRequest) => {
    handle(pg, request).catch((error: unknown) => reply({ id: request.id, ok: false, error: serializeError(error) }));
  });
  port!.postMessage({ ready: true } satisfies WorkerHello);
}

void main();
