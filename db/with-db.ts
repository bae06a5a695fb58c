import "server-only";
/** Runs one data-access operation on the process's database, turning every failure into an AppError. */
import { AppError } from "@/lib/errors";
import { getDb, type Db } from "./client";
import { wrapDbError } from "./errors";

export async function withDb<T>(doing: string, operation: (db: Db) => Promise<T>): Promise<T> {
  let db: Db;
  try {
    db = await getDb();
  } catch (error) {
    throw new AppError("unavailable", "the database is unavailable", {}, { cause: error });
  }
  try {
    return await operation(db);
  } catch (error) {
    throw wrapDbError(error, doing);
  }
}
