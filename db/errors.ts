/**
 * Driver errors never cross the data layer as they are: their messages may quote SQL, table names or
 * parameters. They become an AppError with a stable code and a neutral message; the original error is
 * kept as `cause` for the server log.
 */
import { AppError } from "@/lib/errors";

/** SQLSTATE classes and codes meaning the server cannot serve now (shutdown, too many connections). */
const UNAVAILABLE_STATES = /^(08|53|57P)/;
const UNAVAILABLE_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EPIPE"]);

export function wrapDbError(error: unknown, doing: string): AppError {
  if (AppError.is(error)) return error;
  const code = errorCode(error);
  if (code !== undefined && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_ERRNO.has(code))) {
    return new AppError("unavailable", "the database is unavailable", {}, { cause: error });
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

export function isUniqueViolation(error: unknown): boolean {
  return errorCode(error) === "23505";
}
