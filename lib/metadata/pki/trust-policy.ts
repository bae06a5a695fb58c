/**
 * Which trust labels may be published. "open" is the default and matches the original Marketplace,
 * which accepted any certificate; revoked certificates are refused under every policy.
 */
import type { TrustLabel } from "./trust";

/** The policies, the one list the server's TRUST_POLICY (lib/env.ts) and the CLI's --trust-policy accept. */
export const TRUST_POLICIES = ["open", "valid-only", "trusted-only"] as const;

export type TrustPolicy = (typeof TRUST_POLICIES)[number];

export const DEFAULT_TRUST_POLICY: TrustPolicy = "open";

const PUBLISHABLE: Readonly<Record<TrustPolicy, ReadonlySet<TrustLabel>>> = {
  open: new Set<TrustLabel>(["trusted", "self-signed", "unknown-ca", "expired", "not-yet-valid"]),
  "valid-only": new Set<TrustLabel>(["trusted", "self-signed", "unknown-ca"]),
  "trusted-only": new Set<TrustLabel>(["trusted"]),
};

export function isPublishable(label: TrustLabel, policy: TrustPolicy): boolean {
  return PUBLISHABLE[policy].has(label);
}

const LABEL_TEXT: Readonly<Record<TrustLabel, string>> = {
  trusted: "trusted CA",
  "self-signed": "self-signed",
  "unknown-ca": "unknown CA",
  expired: "expired",
  "not-yet-valid": "not yet valid",
  revoked: "revoked",
};

export function describeTrustLabel(label: TrustLabel): string {
  return LABEL_TEXT[label];
}
