/**
 * Messages between the server's thread and the thread that runs the embedded PGlite
 * (pglite.worker.ts). Values cross by structured clone: SQL parameters and result rows are strings,
 * numbers, booleans, null, Uint8Array, arrays and plain objects, all of which clone as they are.
 */

export type RowMode = "array" | "object";

export type WorkerRequest =
  | { id: number; op: "query"; sql: string; params: unknown[]; rowMode: RowMode; tx?: number }
  | { id: number; op: "exec"; sql: string; tx?: number }
  | { id: number; op: "begin" }
  | { id: number; op: "end"; tx: number; commit: boolean }
  | { id: number; op: "close" };

export interface QueryResult {
  rows: unknown[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

/** A database error with the fields the data layer reads (SQLSTATE `code` above all). */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

export type WorkerReply =
  { id: number; ok: true; result?: QueryResult | QueryResult[]; tx?: number } | { id: number; ok: false; error: SerializedError };

/** The first message of a worker: opened, or why not. */
export type WorkerHello = { ready: true } | { ready: false; error: SerializedError };

export interface WorkerData {
  /** undefined: an in-memory database (tests). */
  dataDir?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const e = error as Error & Partial<Record<"code" | "detail" | "constraint" | "table" | "column", string>>;
  const out: SerializedError = { name: e.name, message: e.message };
  for (const key of ["code", "detail", "constraint", "table", "column"] as const) if (typeof e[key] === "string") out[key] = e[key];
  return out;
}

/** An Error on this side carrying the worker's fields, so errorCode() and the logs see them. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message) as Error & Record<string, unknown>;
  error.name = serialized.name;
  for (const [key, value] of Object.entries(serialized)) if (key !== "message" && key !== "name") error[key] = value;
  return error;
}
