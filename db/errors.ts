/**
 * Driver errors never cross the data layer as they are: their messages may quote SQL, table names or
 * parameters. They become an AppError with a stable code and a neutral message; the original error is
 * kept as `cause` for the server log.
 */
import { AppError } from "@/lib/errors";

/** SQLSTATE classes and codes meaning the server cannot serve now (shutdown, too many connections, busy). */
const UNAVAILABLE_STATES = /^(08|53|57P)/;
const UNAVAILABLE_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EPIPE"]);
/** node-postgres's pool gives up waiting for a connection with this message and no code. */
const POOL_TIMEOUT = /timeout exceeded when trying to connect|Connection terminated/i;
/** Class 22, data exception: a value the request carried (a NUL byte, an out-of-range number) that PostgreSQL refuses. */
const DATA_EXCEPTION = /^22/;

/** Class 54, program limit exceeded: a value too large for PostgreSQL (a tsvector over 1 MB, an index row too wide). */
const PROGRAM_LIMIT = /^54/;
/** What clients are told to wait when the database is busy or down. */
export const DATABASE_RETRY_SECONDS = 5;

export function wrapDbError(error: unknown, doing: string): AppError {
  if (AppError.is(error)) return error;
  const code = errorCode(error);
  if (
    (code !== undefined && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_ERRNO.has(code))) ||
    (code === undefined && POOL_TIMEOUT.test(messageOf(error)))
  ) {
    const busy = code === "53300";
    return new AppError(
      "unavailable",
      busy ? "the Marketplace is busy; try again in a few seconds" : "the database is unavailable",
      { retryAfter: busy ? 2 : DATABASE_RETRY_SECONDS },
      { cause: error },
    );
  }
  if (code !== undefined && PROGRAM_LIMIT.test(code)) {
    return new AppError(
      "payload_too_large",
      "the entry exceeds a limit of the database (a value too long to index or store)",
      {},
      { cause: error },
    );
  }
  if (code !== undefined && DATA_EXCEPTION.test(code)) {
    return new AppError(
      "bad_request",
      "a value in the request cannot be searched or stored (for example a control character)",
      {},
      { cause: error },
    );
  }
  return new AppError("internal", `database error while ${doing}`, {}, { cause: error });
}

/** The SQLSTATE (node-postgres and PGlite both set `code`) or the errno code of a socket error. */
export function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
