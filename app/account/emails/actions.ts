"use server";
/**
 * The endorser-email actions of the account page. Each one finds the signed-in account itself (a
 * direct POST to an action id is as good as the form; a visitor's is a 401) and only ever touches
 * that account's addresses; db/endorser-emails.ts decides who may own one.
 */
import { revalidatePath } from "next/cache";
import { addEndorserEmail, removeEndorserEmail } from "@/db";
import { actionAddress, actionBaseUrl, runAction, type ActionState } from "@/lib/server/auth/action-result";
import { requireUser, sessionActor } from "@/lib/server/auth/actor";

const PATH = "/account/emails";

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

export async function addEmailAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { user } = requireUser(await sessionActor());
    const email = text(form, "email").trim();
    const base = await actionBaseUrl();
    const { sent } = await addEndorserEmail(user.id, email, (secret) => `${base}account/emails/verify?token=${secret}`, {
      address: (await actionAddress()) ?? undefined,
    });
    revalidatePath(PATH);
    return sent ? `a link went to ${email}: follow it to prove the address.` : `${email} is already verified.`;
  });
}

export async function removeEmailAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { user } = requireUser(await sessionActor());
    const email = text(form, "email");
    await removeEndorserEmail(user.id, email);
    revalidatePath(PATH);
    return `${email} was removed.`;
  });
}
