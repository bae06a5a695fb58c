"use server";
/**
 * The token actions of the account page. Each one finds the signed-in account itself (a direct POST
 * to an action id is as good as the form), and only ever touches that account's tokens; Next checks
 * the Origin of every server action, so another site cannot submit them.
 */
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { createApiToken, recordAudit, revokeApiToken } from "@/db";
import { tokenExpiry, tokenFormSchema } from "@/lib/accounts/token-schemas";
import { AppError } from "@/lib/errors";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/request-info";
import { sessionActor } from "@/lib/server/auth/actor";
import { setPageStatus } from "@/lib/process-hooks";
import type { CreateTokenState, RevokeTokenState } from "@/components/account/token-forms";

/** The session's account; without one (a visitor's direct POST, an ended session) the answer is a 401. */
async function signedIn() {
  const actor = await sessionActor();
  if (actor.kind !== "user") {
    setPageStatus(401);
    return undefined;
  }
  return actor;
}

async function address(): Promise<string | null> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER);
}

export async function createTokenAction(_previous: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const actor = await signedIn();
  if (!actor) return { kind: "error", message: "Your session has ended: sign in again." };
  const parsed = tokenFormSchema.safeParse({ name: form.get("name") ?? "", expiresInDays: form.get("expiresInDays") ?? "never" });
  if (!parsed.success) {
    return {
      kind: "error",
      message: parsed.error.issues.map((i) => `${i.path.join(".") === "name" ? "Name" : "Expiry"}: ${i.message}`).join("; "),
    };
  }
  const days = parsed.data.expiresInDays === "never" ? null : Number(parsed.data.expiresInDays);
  const { token, summary } = await createApiToken(actor.user.id, parsed.data.name, tokenExpiry(days));
  await recordAudit({
    action: "token-created",
    actor: { userId: actor.user.id, email: actor.user.email },
    targetUserId: actor.user.id,
    target: summary.prefix,
    address: await address(),
    details: { tokenId: summary.id, name: summary.name, expiresAt: summary.expiresAt, via: "account-page" },
  });
  revalidatePath("/account/tokens");
  return { kind: "created", token, name: summary.name };
}

export async function revokeTokenAction(_previous: RevokeTokenState, form: FormData): Promise<RevokeTokenState> {
  const actor = await signedIn();
  if (!actor) return { kind: "error", message: "Your session has ended: sign in again." };
  const id = form.get("id");
  if (typeof id !== "string" || id === "") return { kind: "error", message: "No token was named." };
  try {
    const summary = await revokeApiToken(actor.user.id, id);
    await recordAudit({
      action: "token-revoked",
      actor: { userId: actor.user.id, email: actor.user.email },
      targetUserId: actor.user.id,
      target: summary.prefix,
      address: await address(),
      details: { tokenId: summary.id, name: summary.name, via: "account-page" },
    });
  } catch (error) {
    if (AppError.is(error) && error.code === "not_found") return { kind: "error", message: "None of your tokens has this id." };
    throw error;
  }
  revalidatePath("/account/tokens");
  return { kind: "revoked" };
}
