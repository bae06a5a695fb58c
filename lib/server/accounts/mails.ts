import "server-only";
/** The texts of the account mails. Links are absolute, on PUBLIC_URL or the request's own origin. */
import type { MailMessage } from "@/db/outbox";

export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 60 * 60 * 1000;

export function verifyAccountMail(to: string, base: string, token: string): MailMessage {
  return {
    to,
    kind: "verify-account",
    subject: "Confirm your Appliance Marketplace account",
    text: [
      "Someone (we hope you) signed up to the Appliance Marketplace with this email address.",
      "",
      "To confirm it and be able to sign in, open this link within 24 hours:",
      "",
      `${base}verify?token=${token}`,
      "",
      "The link works once. If you did not sign up, ignore this message: no account is usable without it.",
    ].join("\n"),
  };
}

export function alreadyRegisteredMail(to: string, base: string): MailMessage {
  return {
    to,
    kind: "sign-up-existing",
    subject: "Someone tried to sign up with your email address",
    text: [
      "Someone tried to create an Appliance Marketplace account with this email address, which already has one.",
      "",
      `If it was you: sign in at ${base}sign-in, or set a new password at ${base}reset.`,
      "If it was not you, nothing changed and you need not do anything.",
    ].join("\n"),
  };
}

export function resetPasswordMail(to: string, base: string, token: string): MailMessage {
  return {
    to,
    kind: "reset-password",
    subject: "Set a new password for the Appliance Marketplace",
    text: [
      "Someone (we hope you) asked to set a new password for the Appliance Marketplace account of this email address.",
      "",
      "To choose a new one, open this link within one hour:",
      "",
      `${base}reset/${token}`,
      "",
      "The link works once, and setting the password signs the account out everywhere.",
      "If you did not ask for it, ignore this message: your password stays as it is.",
    ].join("\n"),
  };
}
