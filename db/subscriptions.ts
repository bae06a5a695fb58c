import "server-only";
/**
 * Subscriptions to a listing (issue 12, item 4; lib/server/subscriptions/): each belongs to its owner
 * (another user's is "not found"), starts from the newest entry there is (only later ones notify), and
 * moves its cursor past the entries of each notification in the transaction that queues it.
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, lt, max, sql } from "drizzle-orm";
import { toListQuery } from "@/lib/entries/list-query";
import type { Delivery, Subscription } from "@/lib/entries/subscription-schemas";
import { subscriptionFilters } from "@/lib/entries/subscription-schemas";
import type { EntrySummary } from "@/lib/entries/types";
import type { Db } from "./client";
import { enqueueJob, type NewJob } from "./jobs";
import { queueMailOnce, type MailMessage } from "./outbox";
import { filterConditions, normalizeFilters } from "./list-sql";
import { SETTLE_SECONDS } from "./replication-feed";
import { entries, subscriptionDeliveries, subscriptions, type SubscriptionRow } from "./schema";
import { summaryColumns, toSummary } from "./summary";
import { withDb } from "./with-db";

/** Subscriptions one account may hold. */
export const MAX_SUBSCRIPTIONS = 50;

const toSubscription = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  name: row.name,
  query: row.query,
  channel: row.channel,
  ...(row.webhookUrl ? { webhookUrl: row.webhookUrl } : {}),
  createdAt: row.createdAt.toISOString(),
});

export async function createSubscription(
  ownerId: string,
  input: { name: string; query: string; channel: "email" | "webhook"; webhookUrl?: string },
): Promise<Subscription & { secret: string }> {
  return withDb("saving a subscription", (db) =>
    db.transaction(async (tx) => {
      const [{ held } = { held: 0 }] = await tx
        .select({ held: sql<number>`count(*)::int` })
        .from(subscriptions)
        .where(eq(subscriptions.ownerId, ownerId));
      if (held >= MAX_SUBSCRIPTIONS) throw Object.assign(new Error("too many"), { tooMany: true });
      const [{ newest } = { newest: null }] = await tx.select({ newest: max(entries.id) }).from(entries);
      const [row] = await tx
        .insert(subscriptions)
        .values({
          id: randomBytes(12).toString("base64url"),
          ownerId,
          name: input.name,
          query: input.query,
          channel: input.channel,
          webhookUrl: input.webhookUrl ?? null,
          secret: randomBytes(32).toString("base64url"),
          cursor: newest ?? 0,
        })
        .returning();
      return { ...toSubscription(row!), secret: row!.secret };
    }),
  );
}

export async function listSubscriptions(ownerId: string): Promise<Subscription[]> {
  const rows = await withDb("listing subscriptions", (db) =>
    db.select().from(subscriptions).where(eq(subscriptions.ownerId, ownerId)).orderBy(desc(subscriptions.createdAt)),
  );
  return rows.map(toSubscription);
}

/** True when the owner had it. */
export async function deleteSubscription(ownerId: string, id: string): Promise<boolean> {
  const rows = await withDb("deleting a subscription", (db) =>
    db
      .delete(subscriptions)
      .where(and(eq(subscriptions.id, id), eq(subscriptions.ownerId, ownerId)))
      .returning({ id: subscriptions.id }),
  );
  return rows.length > 0;
}

/** The owner's delivery log of one subscription, newest first; undefined when it is not theirs. */
export async function deliveriesOf(ownerId: string, id: string, limit = 100): Promise<Delivery[] | undefined> {
  return withDb("reading a delivery log", async (db) => {
    const [owned] = await db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.id, id), eq(subscriptions.ownerId, ownerId)));
    if (!owned) return undefined;
    const rows = await db
      .select()
      .from(subscriptionDeliveries)
      .where(eq(subscriptionDeliveries.subscriptionId, id))
      .orderBy(desc(subscriptionDeliveries.at), desc(subscriptionDeliveries.id))
      .limit(limit);
    return rows.map((row) => ({
      notification: row.notification,
      attempt: row.attempt,
      at: row.at.toISOString(),
      ok: row.ok,
      ...(row.httpStatus !== null ? { httpStatus: row.httpStatus } : {}),
      detail: row.detail,
      entries: row.entries,
    }));
  });
}

export async function allSubscriptions(): Promise<SubscriptionRow[]> {
  return withDb("reading subscriptions", (db) => db.select().from(subscriptions).orderBy(asc(subscriptions.createdAt)));
}

export async function subscriptionById(id: string): Promise<SubscriptionRow | undefined> {
  const [row] = await withDb("reading a subscription", (db) => db.select().from(subscriptions).where(eq(subscriptions.id, id)));
  return row;
}

/**
 * The new valid entries of the saved search after its cursor, oldest first, settled (as the replication
 * feed: an entry whose transaction commits late is never passed by the cursor).
 */
export async function newMatches(
  subscription: SubscriptionRow,
  limit: number,
  now: Date = new Date(),
): Promise<Array<EntrySummary & { id: number }>> {
  // A saved query today's filters no longer accept notifies of nothing, and holds up no other subscription.
  const params = subscriptionFilters.safeParse(Object.fromEntries(new URLSearchParams(subscription.query)));
  if (!params.success) return [];
  const filters = normalizeFilters({ ...toListQuery(params.data), status: "valid" });
  return withDb("finding a subscription's new entries", async (db) => {
    const rows = await db
      .select(summaryColumns)
      .from(entries)
      .where(
        and(
          ...filterConditions(filters, now),
          gt(entries.id, subscription.cursor),
          lt(entries.uploadedAt, sql`now() - make_interval(secs => ${SETTLE_SECONDS})`),
        ),
      )
      .orderBy(asc(entries.id))
      .limit(limit);
    return rows.map((row) => ({ ...toSummary(row, now), id: row.id }));
  });
}

/** Moves the cursor (forward only) in `tx`, with the work that notifies of the entries it passes. */
export async function advanceSubscription(tx: Pick<Db, "update">, id: string, cursor: number): Promise<void> {
  await tx
    .update(subscriptions)
    .set({ cursor: sql`greatest(${subscriptions.cursor}, ${cursor})` })
    .where(eq(subscriptions.id, id));
}

export async function recordDelivery(row: {
  subscriptionId: string;
  notification: string;
  attempt: number;
  ok: boolean;
  httpStatus?: number;
  detail: string;
  entries: number;
}): Promise<void> {
  await withDb("recording a delivery", (db) =>
    db.insert(subscriptionDeliveries).values({ ...row, httpStatus: row.httpStatus ?? null, detail: row.detail.slice(0, 1000) }),
  );
}

/**
 * One notification of a subscription, queued with its cursor moved past its entries in one transaction:
 * a webhook delivery job (its body fixed now, so every attempt sends the same bytes) or a mail.
 */
export async function queueSubscriptionNotice(
  subscriptionId: string,
  lastEntryId: number,
  work: { job: NewJob } | { mail: MailMessage; key: string },
): Promise<void> {
  await withDb("queueing a subscription's notification", (db) =>
    db.transaction(async (tx) => {
      await advanceSubscription(tx, subscriptionId, lastEntryId);
      if ("job" in work) await enqueueJob(work.job, tx);
      else await queueMailOnce(work.mail, work.key, tx);
    }),
  );
}
