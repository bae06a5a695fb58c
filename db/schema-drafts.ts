/**
 * The wizard's drafts (issue 11): one row per draft, owned by a user; `data` holds what the steps have
 * collected (lib/wizard/draft.ts), `revision` counts its saves so a change made on a stale copy (another
 * tab or device) is refused instead of overwriting. Part of the one schema: db/schema.ts re-exports it.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { DraftData, DraftFlow } from "@/lib/wizard/draft";
import { users } from "./schema-accounts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const drafts = pgTable(
  "drafts",
  {
    /** Random, URL-safe: the wizard's URLs name it, and others' drafts are 404. */
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    flow: text("flow").$type<DraftFlow>().notNull(),
    step: text("step").notNull(),
    data: jsonb("data").$type<DraftData>().notNull().default({}),
    revision: integer("revision").notNull().default(0),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("drafts_owner_idx").on(t.ownerId, t.updatedAt), check("drafts_flow_check", sql`${t.flow} in ('image', 'build')`)],
);

export type DraftRow = typeof drafts.$inferSelect;
