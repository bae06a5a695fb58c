"use server";
/**
 * The account pages' server actions (Next checks their Origin). Each validates its form with zod,
 * calls the flow in lib/server/accounts, and answers a FormState the form shows; the signed-in ones
 * re-check the session themselves.
 */
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateProfile } from "@/db";
import type { FormState } from "@/components/account/form-state";
import { emailField, firstProblem, nameField, newPasswordForm, signInForm, signUpForm } from "@/lib/accounts/account-forms";
import { safeNextPath } from "@/lib/accounts/next-path";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { baseUrlFrom, CLIENT_ADDRESS_HEADER } from "@/lib/http/request-info";
import {
  changePassword,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  signOutEverywhere,
  signUp,
  type RequestContext,
} from "@/lib/server/accounts/accounts";
import { sessionActor } from "@/lib/server/auth/actor";
import { setPageStatus } from "@/lib/process-hooks";
import { OIDC_PROVIDER_ID, signIn, signOut } from "@/lib/server/auth/config";
import { assertSignInAllowed } from "@/lib/server/auth/sign-in-limit";

async function context(): Promise<RequestContext> {
  const list = await headers();
  return { base: baseUrlFrom(list, `http://localhost:${env.PORT}`), address: list.get(CLIENT_ADDRESS_HEADER) ?? "unknown" };
}

const text = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

function refusal(error: unknown, values?: Record<string, string>): FormState {
  if (error instanceof AppError && error.status < 500) {
    const field = error.code === "unprocessable" ? "password" : undefined;
    return { status: "error", message: sentence(error.message), field, values };
  }
  throw error;
}

/**
 * A call without a session (a visitor's direct POST, or a session that has just ended): refused with 401,
 * as the API would, and the form says what to do. Thrown, it would end as a 500.
 */
function signedOut(): FormState {
  setPageStatus(401);
  return { status: "error", message: "You are not signed in (or your session has ended): sign in first." };
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export async function signUpAction(_state: FormState, form: FormData): Promise<FormState> {
  const values = { email: text(form, "email") ?? "", name: text(form, "name") ?? "" };
  const parsed = signUpForm.safeParse({ email: text(form, "email"), name: text(form, "name"), password: text(form, "password") });
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    return { status: "error", field: problem.field, message: sentence(problem.message), values };
  }
  try {
    await signUp(parsed.data, await context());
  } catch (error) {
    return refusal(error, values);
  }
  return {
    status: "done",
    message: `We sent a link to ${parsed.data.email}. Open it within 24 hours to confirm your email, then sign in. (If this address already has an account, the message says so instead.)`,
  };
}

export async function signInAction(_state: FormState, form: FormData): Promise<FormState> {
  const values = { email: text(form, "email") ?? "" };
  const parsed = signInForm.safeParse({ email: text(form, "email"), password: text(form, "password") });
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    return { status: "error", field: problem.field, message: sentence(problem.message), values };
  }
  const { address } = await context();
  try {
    await assertSignInAllowed(parsed.data.email, address);
  } catch (error) {
    return { ...refusal(error, values), code: "rate-limited" };
  }
  const next = safeNextPath(text(form, "next"));
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: next });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      if (code === "unverified")
        return {
          status: "error",
          code,
          values,
          message: "This account's email is not verified yet: open the link we mailed you, or ask for a new one below.",
        };
      if (code === "rate-limited")
        return {
          status: "error",
          code,
          values,
          message: "Too many failed sign-in attempts for this account or from your address: wait a few minutes, or reset the password.",
        };
      return { status: "error", field: "password", values, message: "The email or the password is not right." };
    }
    throw error; // the redirect of a successful sign-in
  }
  return { status: "idle" };
}

export async function resendVerificationAction(_state: FormState, form: FormData): Promise<FormState> {
  const email = emailField.safeParse(text(form, "email"));
  if (!email.success) return { status: "error", message: sentence(firstProblem(email.error).message) };
  await resendVerification(email.data, await context());
  return { status: "done", message: "If this account is waiting for verification, a new link is on its way. It works for 24 hours." };
}

export async function oidcSignInAction(form: FormData): Promise<void> {
  // Without a configured provider (a direct POST: the page shows no such button) it is a 404, not next-auth's error.
  if (!env.AUTH_OIDC_ISSUER) {
    setPageStatus(404);
    return;
  }
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeNextPath(text(form, "next")) });
}

export async function signOutAction(): Promise<void> {
  // Without a session there is nothing to end: a visitor's direct POST is a 401, not next-auth's error.
  if ((await sessionActor()).kind !== "user") {
    signedOut();
    return;
  }
  await signOut({ redirectTo: "/" });
}

export async function requestResetAction(_state: FormState, form: FormData): Promise<FormState> {
  const email = emailField.safeParse(text(form, "email"));
  if (!email.success)
    return {
      status: "error",
      field: "email",
      message: sentence(firstProblem(email.error).message),
      values: { email: text(form, "email") ?? "" },
    };
  await requestPasswordReset(email.data, await context());
  return {
    status: "done",
    message: `If an account exists for ${email.data}, we sent it a link to set a new password. It works once, for one hour.`,
  };
}

export async function resetPasswordAction(_state: FormState, form: FormData): Promise<FormState> {
  const token = z.string().max(100).safeParse(text(form, "token"));
  const parsed = newPasswordForm.safeParse({ password: text(form, "password"), confirm: text(form, "confirm") });
  if (!token.success) return { status: "error", message: "This link is not valid: ask for a new one." };
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    return { status: "error", field: problem.field, message: sentence(problem.message) };
  }
  try {
    await resetPassword(token.data, parsed.data.password, await context());
  } catch (error) {
    return refusal(error);
  }
  redirect("/sign-in?reset=1");
}

export async function changePasswordAction(_state: FormState, form: FormData): Promise<FormState> {
  const actor = await sessionActor();
  if (actor.kind !== "user") return signedOut();
  const { user } = actor;
  const parsed = newPasswordForm.safeParse({ password: text(form, "password"), confirm: text(form, "confirm") });
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    return { status: "error", field: problem.field, message: sentence(problem.message) };
  }
  try {
    await changePassword(user, text(form, "current") ?? "", parsed.data.password, await context());
  } catch (error) {
    const state = refusal(error);
    return error instanceof AppError && error.code === "forbidden" ? { ...state, field: "current" } : state;
  }
  // Every session ended with the change, this one too: sign in again with the new password.
  redirect("/sign-in?next=/account&changed=1");
}

export async function signOutEverywhereAction(): Promise<void> {
  const actor = await sessionActor();
  if (actor.kind !== "user") {
    signedOut();
    return;
  }
  const { user } = actor;
  await signOutEverywhere(user, await context());
  await signOut({ redirectTo: "/sign-in?signedOut=everywhere" });
}

const profileForm = z.object({
  name: nameField,
  notifyExpiry: z.boolean(),
  notifyEndorsement: z.boolean(),
  notifyCertificate: z.boolean(),
  notifyIntegrity: z.boolean(),
});

export async function saveProfileAction(_state: FormState, form: FormData): Promise<FormState> {
  const actor = await sessionActor();
  if (actor.kind !== "user") return signedOut();
  const { user } = actor;
  const parsed = profileForm.safeParse({
    name: text(form, "name") ?? "",
    notifyExpiry: form.get("notifyExpiry") === "on",
    notifyEndorsement: form.get("notifyEndorsement") === "on",
    notifyCertificate: form.get("notifyCertificate") === "on",
    notifyIntegrity: form.get("notifyIntegrity") === "on",
  });
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    return { status: "error", field: problem.field, message: sentence(problem.message) };
  }
  await updateProfile(user.id, { ...parsed.data, name: parsed.data.name || null });
  revalidatePath("/account");
  return { status: "done", message: "Saved." };
}
