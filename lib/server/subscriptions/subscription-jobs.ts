import "server-only";
/**
 * Subscriptions' notifications (issue 12, item 4):
 * - `subscriptions-scan` (every SUBSCRIPTIONS_SCAN_SECONDS, a minute by default): each subscription's new entries after its cursor
 *   (db/subscriptions.ts newMatches), at most NOTICE_LIMIT per notification, queued in the transaction
 *   that moves the cursor: a mail (queueMailOnce, once per notification) or a `subscription-webhook` job;
 * - `subscription-webhook`: POSTs the body fixed at scan time to the webhook URL under the SSRF rules
 *   (WEBHOOK_FETCH_ALLOW), signed `X-Marketplace-Signature: sha256=<HMAC-SHA256 of the body with the
 *   subscription's secret>`, and records the attempt in the delivery log; anything but a 2xx is
 *   thrown, so the job queue retries it with backoff, up to WEBHOOK_ATTEMPTS times.
 */
import { createHmac } from "node:crypto";
import { allSubscriptions, getUserById, newMatches, queueSubscriptionNotice, recordDelivery, subscriptionById } from "@/db";
import type { JobRow } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { entryUrl } from "@/lib/entries/entry-urls";
import type { WebhookBody } from "@/lib/entries/subscription-schemas";
import { addressPolicy } from "@/lib/http/outbound/address-policy";
import { outboundRequest } from "@/lib/http/outbound/outbound-request";
import { logger } from "@/lib/logger";
import { PermanentJobError, type JobContext } from "../jobs/registry";
import { publicBase } from "../mail/reminders";

export const SUBSCRIPTIONS_SCAN_JOB = "subscriptions-scan";
export const SUBSCRIPTION_WEBHOOK_JOB = "subscription-webhook";

const NOTICE_LIMIT = 50;
export const WEBHOOK_ATTEMPTS = 8;
const WEBHOOK_TIMEOUT_MS = 15_000;

export function subscriptionJobKeys(now: Date, seconds: number): { kind: string; uniqueKey: string; period: string }[] {
  const period = String(Math.floor(now.getTime() / (seconds * 1000)));
  return [{ kind: SUBSCRIPTIONS_SCAN_JOB, uniqueKey: `${SUBSCRIPTIONS_SCAN_JOB}:${seconds}:${period}`, period }];
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export async function runSubscriptionsScan(): Promise<void> {
  for (const subscription of await allSubscriptions()) {
    const matches = await newMatches(subscription, NOTICE_LIMIT);
    if (matches.length === 0) continue;
    const last = matches[matches.length - 1]!.id;
    const notification = `${subscription.id}:${last}`;
    const summaries = matches.map((match) => {
      const summary: Partial<typeof match> = { ...match };
      delete summary.id;
      return summary as Omit<typeof match, "id">;
    });
    if (subscription.channel === "email") {
      await queueSubscriptionNotice(subscription.id, last, {
        mail: {
          to: await ownerAddress(subscription.ownerId),
          subject: `Appliance Marketplace: new entries for "${subscription.name}"`,
          text: mailText(subscription, summaries),
          kind: SUBSCRIPTIONS_SCAN_JOB,
        },
        key: `subscription-mail:${notification}`,
      });
    } else {
      const body: WebhookBody = {
        event: "entries.new",
        notification,
        subscription: { id: subscription.id, name: subscription.name, query: subscription.query },
        entries: summaries,
      };
      await queueSubscriptionNotice(subscription.id, last, {
        job: {
          kind: SUBSCRIPTION_WEBHOOK_JOB,
          payload: { subscriptionId: subscription.id, notification, body: JSON.stringify(body), entries: summaries.length },
          uniqueKey: `${SUBSCRIPTION_WEBHOOK_JOB}:${notification}`,
          maxAttempts: WEBHOOK_ATTEMPTS,
        },
      });
    }
    logger.info("subscription notified", { subscription: subscription.id, entries: matches.length, channel: subscription.channel });
  }
}

export async function runSubscriptionWebhook(job: JobRow, context: JobContext): Promise<void> {
  const { subscriptionId, notification, body, entries } = job.payload as {
    subscriptionId?: string;
    notification?: string;
    body?: string;
    entries?: number;
  };
  if (typeof subscriptionId !== "string" || typeof notification !== "string" || typeof body !== "string") return;
  const subscription = await subscriptionById(subscriptionId);
  // Deleted since: nothing to deliver, and nothing to retry.
  if (!subscription?.webhookUrl) return;
  const attempt = job.attempts;
  const log = (ok: boolean, detail: string, httpStatus?: number) =>
    recordDelivery({
      subscriptionId,
      notification,
      attempt,
      ok,
      detail,
      entries: Number(entries ?? 0),
      ...(httpStatus !== undefined ? { httpStatus } : {}),
    });
  let status: number;
  try {
    const response = await outboundRequest(subscription.webhookUrl, {
      method: "POST",
      policy: addressPolicy(env.WEBHOOK_FETCH_ALLOW),
      body: Buffer.from(body),
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      maxBytes: 64 * 1024,
      headers: {
        "Content-Type": "application/json",
        "X-Marketplace-Event": "entries.new",
        "X-Marketplace-Delivery": notification,
        "X-Marketplace-Signature": signature(subscription.secret, body),
      },
    });
    response.body.resume();
    status = response.status;
  } catch (error) {
    context.signal.throwIfAborted();
    const detail = error instanceof Error ? error.message : String(error);
    await log(false, detail);
    // A URL the SSRF rules refuse will not become fetchable by trying again.
    if (AppError.is(error) && error.code === "unprocessable") throw new PermanentJobError(detail);
    throw error;
  }
  if (status >= 200 && status < 300) return log(true, "delivered", status);
  await log(false, `the receiver answered ${status}`, status);
  throw new Error(`the webhook of subscription ${subscriptionId} answered ${status}`);
}

async function ownerAddress(ownerId: string): Promise<string> {
  const user = await getUserById(ownerId);
  if (!user) throw new PermanentJobError(`no account ${ownerId}`);
  return user.email;
}

function mailText(subscription: { name: string; query: string }, entries: WebhookBody["entries"]): string {
  const base = publicBase();
  let text = `Dear Marketplace user,\n\nNew entries match your saved search "${subscription.name}" (${base}metadata${subscription.query ? `?${subscription.query}` : ""}):\n\n`;
  for (const entry of entries)
    text += `${entry.title ?? entry.identifier}\n\t${entryUrl(base, entry)}\n\tendorsed by ${entry.email} at ${entry.created}\n`;
  return `${text}\n--\nYou receive this message because you subscribed to this search. Delete the subscription on your account page: ${base}account\n`;
}
