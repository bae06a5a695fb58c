"use server";
/**
 * The subscription actions of the account page: each finds the signed-in account itself (a visitor's
 * direct POST is a 401) and only touches that account's subscriptions; Next checks every server action's
 * Origin. The same rules as `POST /api/v1/subscriptions` (lib/entries/subscription-schemas.ts).
 */
import { revalidatePath } from "next/cache";
import { createSubscription, deleteSubscription, MAX_SUBSCRIPTIONS } from "@/db";
import { createSubscriptionSchema, normalSubscriptionQuery } from "@/lib/entries/subscription-schemas";
import { sessionActor } from "@/lib/server/auth/actor";
import { setPageStatus } from "@/lib/process-hooks";
import type { CreateSubscriptionState, DeleteSubscriptionState } from "@/components/account/subscription-forms";

async function signedIn() {
  const actor = await sessionActor();
  if (actor.kind !== "user") {
    setPageStatus(401);
    return undefined;
  }
  return actor;
}

export async function createSubscriptionAction(_previous: CreateSubscriptionState, form: FormData): Promise<CreateSubscriptionState> {
  const actor = await signedIn();
  if (!actor) return { kind: "error", message: "Your session has ended: sign in again." };
  const channel = String(form.get("channel") ?? "");
  const webhookUrl = String(form.get("webhookUrl") ?? "").trim();
  const parsed = createSubscriptionSchema.safeParse({
    name: form.get("name") ?? "",
    query: form.get("query") ?? "",
    channel,
    ...(channel === "webhook" || webhookUrl ? { webhookUrl: webhookUrl || undefined } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    setPageStatus(400);
    return { kind: "error", field: String(issue.path[0] ?? ""), message: issue.message };
  }
  const query = normalSubscriptionQuery(parsed.data.query);
  if ("problem" in query) return { kind: "error", field: "query", message: query.problem };
  try {
    const created = await createSubscription(actor.user.id, { ...parsed.data, query: query.query });
    revalidatePath("/account/subscriptions");
    return { kind: "created", name: created.name, secret: created.channel === "webhook" ? created.secret : undefined };
  } catch (error) {
    if ((error as { tooMany?: boolean }).tooMany)
      return { kind: "error", message: `An account holds at most ${MAX_SUBSCRIPTIONS} subscriptions: delete one first.` };
    throw error;
  }
}

export async function deleteSubscriptionAction(_previous: DeleteSubscriptionState, form: FormData): Promise<DeleteSubscriptionState> {
  const actor = await signedIn();
  if (!actor) return { kind: "error", message: "Your session has ended: sign in again." };
  const deleted = await deleteSubscription(actor.user.id, String(form.get("id") ?? ""));
  revalidatePath("/account/subscriptions");
  return deleted ? { kind: "deleted" } : { kind: "error", message: "No such subscription." };
}
