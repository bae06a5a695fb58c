import "server-only";
/** How many entries are stored (every version of every image), e.g. to seed an empty database. */
import { count } from "drizzle-orm";
import { entries } from "./schema";
import { withDb } from "./with-db";

export async function countEntries(): Promise<number> {
  return withDb("counting entries", async (db) => {
    const [row] = await db.select({ n: count() }).from(entries);
    return row?.n ?? 0;
  });
}
