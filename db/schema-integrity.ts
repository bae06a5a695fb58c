/**
 * The integrity monitor's findings (issue 12, lib/server/integrity/): the last check of each web
 * location of an entry. The entry's verdict over them is `entries.integrity`, written in the same
 * transaction.
 */
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, numeric, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { LocationOutcome } from "@/lib/entries/integrity";
import { entries } from "./schema";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const locationChecks = pgTable(
  "location_checks",
  {
    entryId: bigint("entry_id", { mode: "number" })
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    location: text("location").notNull(),
    outcome: text("outcome").$type<LocationOutcome>().notNull(),
    httpStatus: integer("http_status"),
    /** Uncompressed bytes received (numeric: an image may pass 2^53 in the format). */
    bytes: numeric("bytes"),
    detail: text("detail").notNull(),
    checkedAt: timestamptz("checked_at").notNull(),
    verifiedAt: timestamptz("verified_at"),
    /** When the location started failing (kept while it keeps failing), so the endorser is told once per failure. */
    failingSince: timestamptz("failing_since"),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.location] }),
    index("location_checks_checked_at_idx").on(t.checkedAt),
    check(
      "location_checks_outcome_check",
      sql`${t.outcome} in ('verified', 'reachable', 'unreachable', 'size-mismatch', 'checksum-mismatch')`,
    ),
  ],
);

export type LocationCheckRow = typeof locationChecks.$inferSelect;
