import "server-only";
/**
 * Subscriptions to a listing (issue 12, item 4), for signed-in users: `GET /api/v1/subscriptions` (one's
 * own), `POST` (a name, the listing's query string, email or a webhook URL; the answer holds the
 * webhook secret, once), `DELETE /api/v1/subscriptions/{id}`, `GET .../{id}/deliveries` (the delivery
 * log). Another user's subscription is a 404, as one that does not exist.
 */
import { createSubscription, deleteSubscription, deliveriesOf, listSubscriptions, MAX_SUBSCRIPTIONS } from "@/db";
import { createSubscriptionSchema, normalSubscriptionQuery } from "@/lib/entries/subscription-schemas";
import { AppError } from "@/lib/errors";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { jsonApiHandler } from "@/lib/http/handlers";
import { readCapped } from "@/lib/http/read-body";
import { jsonResponse } from "@/lib/http/responses";
import { actorOf, requireUser } from "../auth/actor";
import { NO_PARAMS, parseParams } from "./params";

const NO_STORE = { "Cache-Control": "no-store" };

async function owner(request: Request, changes: boolean): Promise<string> {
  if (changes && request.headers.get("authorization") === null) assertNotCrossSite(request);
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return requireUser(await actorOf(request)).user.id;
}

export const listSubscriptionsHandler = jsonApiHandler(async (request: Request) => {
  return jsonResponse(200, { items: await listSubscriptions(await owner(request, false)) }, NO_STORE);
});

export const createSubscriptionHandler = jsonApiHandler(async (request: Request) => {
  const ownerId = await owner(request, true);
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json")
    throw new AppError("unsupported_media_type", "send the subscription as JSON (Content-Type: application/json)");
  let raw: unknown;
  try {
    raw = JSON.parse((await readCapped(request, 8 * 1024)).toString("utf8"));
  } catch {
    throw new AppError("bad_request", "the request body is not valid JSON");
  }
  const parsed = createSubscriptionSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("bad_request", `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  const query = normalSubscriptionQuery(parsed.data.query);
  if ("problem" in query) throw new AppError("bad_request", `query: ${query.problem}`);
  try {
    const created = await createSubscription(ownerId, { ...parsed.data, query: query.query });
    return jsonResponse(201, created, NO_STORE);
  } catch (error) {
    if ((error as { tooMany?: boolean }).tooMany)
      throw new AppError("conflict", `an account holds at most ${MAX_SUBSCRIPTIONS} subscriptions: delete one first`);
    throw error;
  }
});

export const deleteSubscriptionHandler = jsonApiHandler(async (request: Request, id: string) => {
  if (!(await deleteSubscription(await owner(request, true), id))) throw new AppError("not_found", "no such subscription");
  return new Response(null, { status: 204, headers: NO_STORE });
});

export const deliveriesHandler = jsonApiHandler(async (request: Request, id: string) => {
  const items = await deliveriesOf(await owner(request, false), id);
  if (!items) throw new AppError("not_found", "no such subscription");
  return jsonResponse(200, { items }, NO_STORE);
});
