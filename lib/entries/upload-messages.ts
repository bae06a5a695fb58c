/**
 * What an upload says, in the same words on every interface: the JSON API's `message`, the original
 * protocol's text body (which the CLI prints), the no-JavaScript result page and the upload form.
 */
import { AppError, type AppErrorDetails } from "@/lib/errors";

export const UPLOAD_MESSAGES = {
  created: "metadata entry created",
  unchanged: "metadata entry already stored: this exact file was uploaded before, nothing changed",
  /** The original's 202 body (without its final newline): held until the endorser email confirms it. */
  pending: "confirmation email sent for new metadata entry",
  "would-create": "metadata valid: not stored (dry run)",
  "would-be-unchanged": "metadata valid and already stored: this exact file was uploaded before (dry run)",
  "would-wait": "metadata valid: an upload would wait until its endorser email confirms it by the mailed link (dry run)",
  "would-wait-new-key":
    "metadata valid: signed with a key that has never published for its endorser email, an upload would wait until that email confirms it by the mailed link (dry run)",
} as const;

export type UploadMessageKind = keyof typeof UPLOAD_MESSAGES;

/**
 * A document refused for what it says: the original's words, `invalid metadata: <reason>` (reference
 * section 4.5), written here only. `older_than_latest` is the store's refusal of an older entry.
 */
export function invalidMetadata(
  reason: string,
  details: AppErrorDetails = {},
  options: { code?: "invalid_metadata" | "older_than_latest"; cause?: unknown } = {},
): AppError {
  return new AppError(options.code ?? "invalid_metadata", invalidMetadataMessage(reason), details, { cause: options.cause });
}

export function invalidMetadataMessage(reason: string): string {
  return `invalid metadata: ${reason}`;
}
