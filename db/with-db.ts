import "server-only";
/** Runs one data-access operation on the process's database, turning every failure into an AppError. */
import { AppError } from "@/lib/errors";
import { currentRequest } from "@/lib/process-hooks";
import { getDb, type Db } from "./client";
import { DATABASE_RETRY_SECONDS, wrapDbError } from "./errors";

export async function withDb<T>(doing: string, operation: (db: Db) => Promise<T>): Promise<T> {
  let db: Db;
  try {
    db = await getDb();
  } catch (error) {
    throw unavailable(new AppError("unavailable", "the database is unavailable", { retryAfter: DATABASE_RETRY_SECONDS }, { cause: error }));
  }
  try {
    return await operation(db);
  } catch (error) {
    const wrapped = wrapDbError(error, doing);
    throw wrapped.code === "unavailable" ? unavailable(wrapped) : wrapped;
  }
}

/** Marks the request being served, so a page failing for this reason answers 503, not 500 (lib/http-server). */
function unavailable(error: AppError): AppError {
  const request = currentRequest();
  if (request) request.databaseUnavailable = true;
  return error;
}
