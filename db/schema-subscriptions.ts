/**
 * Subscriptions to a listing (issue 12, item 4): a signed-in user's saved search (the listing's query
 * string, normalised), told of each new entry that matches it by email or by a webhook whose body is
 * HMAC-signed with the subscription's secret; `cursor` is the last entry id considered. Every webhook
 * attempt is in `subscription_deliveries`, the delivery log. Part of the one schema: db/schema.ts
 * re-exports this file.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./schema-accounts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const subscriptions = pgTable(
  "subscriptions",
  {
    /** Random, URL-safe: the API names it, and others' subscriptions are 404. */
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The listing's query string (`os=Ubuntu&email=...`), as lib/entries/list-query.ts writes it. */
    query: text("query").notNull(),
    channel: text("channel").$type<"email" | "webhook">().notNull(),
    webhookUrl: text("webhook_url"),
    /** The HMAC-SHA256 key of the webhook's bodies; shown to its owner when the subscription is made. */
    secret: text("secret").notNull(),
    cursor: bigint("cursor", { mode: "number" }).notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("subscriptions_owner_idx").on(t.ownerId, t.createdAt),
    check("subscriptions_channel_check", sql`${t.channel} in ('email', 'webhook')`),
    check("subscriptions_webhook_check", sql`(${t.channel} = 'webhook') = (${t.webhookUrl} is not null)`),
  ],
);

export const subscriptionDeliveries = pgTable(
  "subscription_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    subscriptionId: text("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    /** One notification (its entries), the same in every attempt: the receiver's idempotency key. */
    notification: text("notification").notNull(),
    attempt: integer("attempt").notNull(),
    at: timestamptz("at").notNull().defaultNow(),
    ok: boolean("ok").notNull(),
    /** The receiver's HTTP status, or null when none came. */
    httpStatus: integer("http_status"),
    /** Why it failed, or "delivered". */
    detail: text("detail").notNull(),
    entries: integer("entries").notNull(),
  },
  (t) => [index("subscription_deliveries_subscription_idx").on(t.subscriptionId, t.at)],
);

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type SubscriptionDeliveryRow = typeof subscriptionDeliveries.$inferSelect;
