/**
 * Subscriptions to a listing (issue 12, item 4): what `POST /api/v1/subscriptions` and the account page's
 * form accept, and what the API answers. The saved search is a listing's query string, held to the
 * listing's own parameter rules (the feeds' filters: no paging, sorting or status, which a notification
 * of new entries has no use for); a webhook URL must be http(s), and is fetched under the SSRF rules.
 */
import { z } from "zod";
import { listingFilterParams } from "./list-query";
import { entrySummarySchema } from "./entry-schemas";

export const subscriptionFilters = listingFilterParams.strict();

/** The listing query string of a saved search, normalised (its filters in a fixed order, empty ones left out); a message on refusal. */
export function normalSubscriptionQuery(text: string): { query: string } | { problem: string } {
  const raw = Object.fromEntries(new URLSearchParams(text.trim().replace(/^[^?]*\?/, "")));
  const parsed = subscriptionFilters.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "query");
    return { problem: `the search's ${name}: ${issue.code === "unrecognized_keys" ? "not a filter of the listing" : issue.message}` };
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(parsed.data).sort(([a], [b]) => a.localeCompare(b)))
    if (value !== undefined && value !== "") params.set(name, String(value));
  return { query: params.toString() };
}

export const createSubscriptionSchema = z
  .strictObject({
    name: z.string().trim().min(1, "give the subscription a name").max(100, "is longer than 100 characters"),
    query: z.string().max(2000, "is longer than 2000 characters").default(""),
    channel: z.enum(["email", "webhook"], { message: "must be email or webhook" }),
    webhookUrl: z
      .url({ message: "must be a URL" })
      .max(2000)
      .refine((url) => /^https?:\/\//i.test(url), { message: "must be an http:// or https:// URL" })
      .optional(),
  })
  .superRefine((value, context) => {
    if (value.channel === "webhook" && !value.webhookUrl)
      context.addIssue({ code: "custom", path: ["webhookUrl"], message: "a webhook subscription needs the URL to post to" });
    if (value.channel === "email" && value.webhookUrl)
      context.addIssue({ code: "custom", path: ["webhookUrl"], message: "an email subscription has no webhook URL" });
    const query = normalSubscriptionQuery(value.query);
    if ("problem" in query) context.addIssue({ code: "custom", path: ["query"], message: query.problem });
  });

export type CreateSubscription = z.infer<typeof createSubscriptionSchema>;

export const subscriptionSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  query: z.string().meta({ description: "the listing's query string: /metadata?<query> shows what it follows" }),
  channel: z.enum(["email", "webhook"]),
  webhookUrl: z.string().optional(),
  createdAt: z.string(),
});

export const createdSubscriptionSchema = z.strictObject({
  ...subscriptionSchema.shape,
  secret: z.string().meta({ description: "the HMAC-SHA256 key of the webhook bodies (X-Marketplace-Signature: sha256=<hex>): shown once" }),
});

export const deliverySchema = z.strictObject({
  notification: z.string(),
  attempt: z.number().int(),
  at: z.string(),
  ok: z.boolean(),
  httpStatus: z.number().int().optional(),
  detail: z.string(),
  entries: z.number().int(),
});

/** The body of a webhook delivery: the new entries of the saved search. */
export const webhookBodySchema = z.strictObject({
  event: z.literal("entries.new"),
  notification: z.string(),
  subscription: z.strictObject({ id: z.string(), name: z.string(), query: z.string() }),
  entries: z.array(entrySummarySchema),
});

export type Subscription = z.infer<typeof subscriptionSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type WebhookBody = z.infer<typeof webhookBodySchema>;
