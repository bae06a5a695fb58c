/**
 * A replica's state (issue 12, item 2; lib/server/replica/): per master it follows, the cursor of the
 * master's replication feed it has read up to and how the last sync went; and every entry it refused,
 * with the reason, for the /replica page and `GET /api/v1/replica`. Part of the one schema: db/schema.ts
 * re-exports this file.
 */
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const replicaSources = pgTable("replica_sources", {
  /** The master's base URL as configured (MASTER_URL), normalised with a trailing slash. */
  master: text("master").primaryKey(),
  /** The last `seq` of the master's feed this replica has taken (copied or refused). */
  cursor: bigint("cursor", { mode: "number" }).notNull().default(0),
  copied: integer("copied").notNull().default(0),
  refused: integer("refused").notNull().default(0),
  lastSyncAt: timestamptz("last_sync_at"),
  /** Why the last sync could not read the master (null when it could). */
  lastError: text("last_error"),
  /** A sync holds the master until then, so two instances (or two periods' jobs) never read one feed at once. */
  leaseUntil: timestamptz("lease_until"),
});

export const replicaRefusals = pgTable(
  "replica_refusals",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    master: text("master").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    identifier: text("identifier"),
    email: text("email"),
    /** The entry's endorsement date as the master named it (yyyy-MM-ddTHH:mm:ssZ). */
    created: text("created"),
    reason: text("reason").notNull(),
    at: timestamptz("at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("replica_refusals_master_seq_unique").on(t.master, t.seq), index("replica_refusals_at_idx").on(t.at)],
);

export type ReplicaSourceRow = typeof replicaSources.$inferSelect;
export type ReplicaRefusalRow = typeof replicaRefusals.$inferSelect;
