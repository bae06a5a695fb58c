/**
 * The certificate trust labels (trust.ts evaluates them), alone in a file so that what only needs the
 * list (the site policy file read at start by lib/env.ts, the response schemas) loads no PKI code.
 */
export const TRUST_LABELS = ["trusted", "self-signed", "unknown-ca", "expired", "not-yet-valid", "revoked"] as const;
export type TrustLabel = (typeof TRUST_LABELS)[number];
