/**
 * The confirmation message of a pending upload, in the original's words (reference section 4.5), with
 * its confirm / abort / abuse links `<base>action/<uuid>/<command>/`. Pure: the data layer queues it.
 */
import type { PendingReason } from "./roles";

export const ACTION_COMMANDS = ["confirm", "abort", "abuse"] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** The original's Subject line. */
export const CONFIRMATION_SUBJECT = "StratusLab Marketplace Message";

/** The original's 202 body (the CLI and stratus-upload-metadata print it). */
export const PENDING_MESSAGE = "confirmation email sent for new metadata entry\n";

export interface ConfirmationMail {
  identifier: string;
  created: string;
  deprecating: boolean;
  /** Ends with "/". */
  baseUrl: string;
  uuid: string;
  reason: PendingReason;
  expiresAt: Date;
}

export function actionUrl(baseUrl: string, uuid: string, command: ActionCommand): string {
  return `${baseUrl}action/${uuid}/${command}/`;
}

export function confirmationText(mail: ConfirmationMail): string {
  const text = [
    `A new metadata entry ${mail.deprecating ? "deprecating" : "for"} image ID ${mail.identifier},`,
    `endorsed at ${mail.created} with this email address,`,
    "has been uploaded to the StratusLab marketplace.",
    "",
    " Please either confirm or abort this request by visiting",
    "one of the following links:",
    "",
    `Confirm:  ${actionUrl(mail.baseUrl, mail.uuid, "confirm")}`,
    "",
    `Abort:  ${actionUrl(mail.baseUrl, mail.uuid, "abort")}`,
    "",
    "If this metadata entry was not uploaded by you, please",
    "indicate this by visiting the following address: ",
    "",
    `Abuse:  ${actionUrl(mail.baseUrl, mail.uuid, "abuse")}`,
    "",
    "We will then investigate how this entry was uploaded.",
    "",
  ];
  if (mail.reason === "new-key") {
    text.push(
      "It is signed with a key that has never published for this email address: confirming it",
      "also lets that key publish for this address from now on.",
      "",
    );
  }
  text.push(`These links work once, until ${mail.expiresAt.toISOString()}.`, "");
  return text.join("\n");
}
