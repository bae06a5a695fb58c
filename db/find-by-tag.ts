import "server-only";
/**
 * Tag mode (reference section 4.4): among the entries of `email` whose dcterms:alternative is `tag`,
 * leave out every identifier that has any deprecated entry by that email, and return the newest of
 * the rest. Validity is not considered. "Newest" is among the tagged entries: a tag names the
 * entries that carry it. Hidden entries (db/moderation.ts) are not found.
 */
import { and, desc, eq, isNotNull, isNull, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { EntryKey } from "@/lib/entries/types";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { entries } from "./schema";
import { withDb } from "./with-db";

export async function findByTag(email: string, tag: string): Promise<EntryKey | undefined> {
  return withDb("looking up a tag", async (db) => {
    const deprecated = alias(entries, "deprecated_entries");
    const [row] = await db
      .select({ identifier: entries.identifier, email: entries.email, created: entries.created })
      .from(entries)
      .where(
        and(
          eq(entries.email, email),
          eq(entries.tag, tag),
          isNull(entries.hiddenReason),
          notExists(
            db
              .select({ one: sql`1` })
              .from(deprecated)
              .where(and(eq(deprecated.identifier, entries.identifier), eq(deprecated.email, email), isNotNull(deprecated.deprecated))),
          ),
        ),
      )
      .orderBy(desc(entries.created), desc(entries.id))
      .limit(1);
    return row ? { identifier: row.identifier, email: row.email, created: formatMetadataDate(row.created) } : undefined;
  });
}
