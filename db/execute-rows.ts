/**
 * The rows of a raw statement (`db.execute(sql...)`). Both drivers answer it with `{ rows }`
 * (node-postgres and PGlite alike), but drizzle types the result per driver, so the row type is the
 * caller's word; this is the one place that says so.
 */
import type { SQL } from "drizzle-orm";

export async function executeRows<Row extends Record<string, unknown>>(
  db: { execute(query: SQL): PromiseLike<unknown> },
  query: SQL,
): Promise<Row[]> {
  const result = await db.execute(query);
  return (result as { rows: Row[] }).rows;
}
