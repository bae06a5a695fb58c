/**
 * Which trust labels may be published. "open" is the default and matches the original Marketplace,
 * which accepted any certificate; revoked certificates are refused under every policy.
 */
import type { TrustLabel } from "./trust";

export type TrustPolicy = "open" | "valid-only" | "trusted-only";

export const TRUST_POLICIES: readonly TrustPolicy[] = ["open", "valid-only", "trusted-only"];

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
