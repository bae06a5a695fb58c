/**
 * What an upload says, in the same words on every interface: the JSON API's `message`, the original
 * protocol's text body (which the CLI prints), the no-JavaScript result page and the upload form.
 */
export const UPLOAD_MESSAGES = {
  created: "metadata entry created",
  unchanged: "metadata entry already stored: this exact file was uploaded before, nothing changed",
  "would-create": "metadata valid: not stored (dry run)",
  "would-be-unchanged": "metadata valid and already stored: this exact file was uploaded before (dry run)",
} as const;

export type UploadMessageKind = keyof typeof UPLOAD_MESSAGES;
