import "server-only";
/**
 * The account flows, shared by the pages' server actions and next-auth's Credentials provider:
 * sign-up (which never tells whether an email has an account), verification of the sign-in email,
 * password reset and change, "sign out everywhere", and the password sign-in itself (rate limited,
 * audited, refused until the email is verified). Each writes its audit line.
 */
import {
  bumpSessionVersion,
  checkPassword,
  createEmailLink,
  createUser,
  getUserByEmail,
  getUserById,
  markEmailVerified,
  queueMail,
  recordAudit,
  setPassword,
  consumeEmailLink,
  type UserRow,
} from "@/db";
import { passwordProblem } from "@/lib/accounts/password-policy";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { assertSignInAllowed, clearSignInFailures, recordSignInFailure } from "../auth/sign-in-limit";
import { alreadyRegisteredMail, RESET_TTL_MS, resetPasswordMail, VERIFY_TTL_MS, verifyAccountMail } from "./mails";

/** Where a request comes from: the base URL for links, the client's address for limits and the audit. */
export interface RequestContext {
  base: string;
  address: string;
}

const actorOf = (user: UserRow) => ({ userId: user.id, email: user.email });

/**
 * Creates an unverified account and mails its verification link. A taken email answers the same
 * (the caller shows "check your mail") and mails that account's owner instead.
 */
export async function signUp(input: { email: string; name: string; password: string }, context: RequestContext): Promise<void> {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new AppError("unprocessable", problem);
  const existing = await getUserByEmail(input.email);
  if (existing) {
    await queueMail(alreadyRegisteredMail(existing.email, context.base));
    await recordAudit({
      action: "sign-up",
      actor: "visitor",
      targetUserId: existing.id,
      address: context.address,
      details: { existing: true },
    });
    return;
  }
  let user: UserRow;
  try {
    user = await createUser({ email: input.email, name: input.name || undefined, password: input.password });
  } catch (error) {
    // Signed up twice at once: the other request created it.
    if (error instanceof AppError && error.code === "conflict") return;
    throw error;
  }
  await sendVerification(user, context);
  await recordAudit({ action: "sign-up", actor: actorOf(user), targetUserId: user.id, address: context.address });
}

async function sendVerification(user: UserRow, context: RequestContext): Promise<void> {
  const token = await createEmailLink({ purpose: "verify-account", userId: user.id, email: user.email, ttlMs: VERIFY_TTL_MS });
  await queueMail(verifyAccountMail(user.email, context.base, token));
}

/** Mails a new verification link to an unverified account; says nothing either way (no account discovery). */
export async function resendVerification(email: string, context: RequestContext): Promise<void> {
  const user = await getUserByEmail(email);
  if (!user || user.emailVerified || user.disabledAt) return;
  await sendVerification(user, context);
}

/** Follows a verification link: 404 unknown, 410 used or expired. */
export async function verifyAccount(token: string, context: RequestContext): Promise<UserRow> {
  const link = await consumeEmailLink("verify-account", token);
  await markEmailVerified(link.userId);
  const user = await getUserById(link.userId);
  if (!user) throw new AppError("gone", "the account of this link no longer exists");
  await recordAudit({ action: "account-verified", actor: actorOf(user), targetUserId: user.id, address: context.address });
  return user;
}

/** Mails a reset link when an account has this email; the caller always answers the same. */
export async function requestPasswordReset(email: string, context: RequestContext): Promise<void> {
  const user = await getUserByEmail(email);
  await recordAudit({
    action: "password-reset",
    actor: "visitor",
    targetUserId: user?.id ?? null,
    target: user ? null : "no such account",
    address: context.address,
    details: { step: "requested" },
  });
  if (!user || user.disabledAt || user.demo) return;
  const token = await createEmailLink({ purpose: "reset-password", userId: user.id, email: user.email, ttlMs: RESET_TTL_MS });
  await queueMail(resetPasswordMail(user.email, context.base, token));
}

/**
 * Sets the password of a reset link's account (which also proves its email) and ends its sessions.
 * The policy is checked before the link is used, so a weak password does not spend the link.
 */
export async function resetPassword(token: string, password: string, context: RequestContext): Promise<UserRow> {
  const problem = passwordProblem(password);
  if (problem) throw new AppError("unprocessable", problem);
  const link = await consumeEmailLink("reset-password", token);
  const user = await getUserById(link.userId);
  if (!user) throw new AppError("gone", "the account of this link no longer exists");
  const emailProblem = passwordProblem(password, user.email);
  if (emailProblem) throw new AppError("unprocessable", emailProblem);
  await setPassword(user.id, password);
  await markEmailVerified(user.id);
  await clearSignInFailures(user.email);
  await recordAudit({
    action: "password-reset",
    actor: actorOf(user),
    targetUserId: user.id,
    address: context.address,
    details: { step: "set" },
  });
  return user;
}

/** A signed-in account's new password: needs the current one; ends every session (the caller signs in again). */
export async function changePassword(user: UserRow, current: string, next: string, context: RequestContext): Promise<void> {
  if (user.demo)
    throw new AppError("forbidden", "a demo account's password is public and stays as it is, so that everyone can try the demo");
  if (!(await checkPassword(user.email, current))) {
    await recordAudit({
      action: "sign-in-failed",
      actor: actorOf(user),
      targetUserId: user.id,
      address: context.address,
      details: { step: "change-password" },
    });
    throw new AppError("forbidden", "the current password is not right");
  }
  const problem = passwordProblem(next, user.email);
  if (problem) throw new AppError("unprocessable", problem);
  await setPassword(user.id, next);
  await recordAudit({ action: "password-changed", actor: actorOf(user), targetUserId: user.id, address: context.address });
}

export async function signOutEverywhere(user: UserRow, context: RequestContext): Promise<void> {
  // A demo account is shared: one visitor must not sign all the others out.
  if (user.demo) return;
  await bumpSessionVersion(user.id);
  await recordAudit({ action: "signed-out-everywhere", actor: actorOf(user), targetUserId: user.id, address: context.address });
}

/** Why a password sign-in was refused: shown to the person (never "which of email or password was wrong"). */
export type SignInRefusal = "invalid" | "unverified" | "rate-limited";

export class SignInRefused extends Error {
  constructor(
    readonly reason: SignInRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** The password sign-in: the account, or a SignInRefused. Every attempt writes an audit line. */
export async function passwordSignIn(email: string, password: string, address: string): Promise<UserRow> {
  try {
    await assertSignInAllowed(email, address);
  } catch (error) {
    await recordAudit({ action: "sign-in-failed", actor: "visitor", target: email, address, details: { reason: "rate-limited" } });
    throw new SignInRefused("rate-limited", error instanceof Error ? error.message : "too many attempts");
  }
  const user = await checkPassword(email, password);
  if (!user) {
    await recordSignInFailure(email, address);
    await recordAudit({ action: "sign-in-failed", actor: "visitor", target: email, address, details: { reason: "invalid" } });
    throw new SignInRefused("invalid", "the email or the password is not right");
  }
  if (!user.emailVerified) {
    await recordAudit({
      action: "sign-in-failed",
      actor: actorOf(user),
      targetUserId: user.id,
      address,
      details: { reason: "unverified" },
    });
    throw new SignInRefused("unverified", "this account's email is not verified yet: follow the link we mailed you, or ask for a new one");
  }
  await clearSignInFailures(email);
  await recordAudit({ action: "sign-in", actor: actorOf(user), targetUserId: user.id, address, details: { method: "password" } });
  logger.debug("signed in", { userId: user.id });
  return user;
}
