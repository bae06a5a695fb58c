/**
 * Deprecation is a newer signed entry carrying slterms:deprecated (reference section 4.6). This
 * prepares the unsigned document from the current entry (./revise.ts, shared with the web's
 * deprecation form); signing then renews the endorsement. Unlike the original client, the
 * endorsement stays where the schema wants it instead of moving to the end.
 */
import { prepareRevision } from "./revise";

export const DEFAULT_DEPRECATION_REASON = "This image has been deprecated";

export function prepareDeprecation(input: Uint8Array | string, reason: string = DEFAULT_DEPRECATION_REASON): string {
  return prepareRevision(input, { kind: "deprecate", reason: reason.trim() === "" ? DEFAULT_DEPRECATION_REASON : reason });
}
