import { createSubscriptionHandler, listSubscriptionsHandler } from "@/lib/server/api/subscriptions";

/** Your subscriptions to listings (GET), or a new one (POST: name, query, channel email or webhook, webhookUrl). */
export const GET = listSubscriptionsHandler;
export const POST = createSubscriptionHandler;
