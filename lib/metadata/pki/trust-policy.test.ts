import { describe, expect, it } from "vitest";
import type { TrustLabel } from "./trust";
import { describeTrustLabel, isPublishable, TRUST_POLICIES, type TrustPolicy } from "./trust-policy";

const LABELS: TrustLabel[] = ["trusted", "self-signed", "unknown-ca", "expired", "not-yet-valid", "revoked"];

const EXPECTED: Record<TrustPolicy, Record<TrustLabel, boolean>> = {
  open: { trusted: true, "self-signed": true, "unknown-ca": true, expired: true, "not-yet-valid": true, revoked: false },
  "valid-only": { trusted: true, "self-signed": true, "unknown-ca": true, expired: false, "not-yet-valid": false, revoked: false },
  "trusted-only": { trusted: true, "self-signed": false, "unknown-ca": false, expired: false, "not-yet-valid": false, revoked: false },
};

describe("isPublishable", () => {
  const table = TRUST_POLICIES.flatMap((policy) => LABELS.map((label) => [policy, label, EXPECTED[policy][label]] as const));

  it.each(table)("policy %s, label %s → %s", (policy, label, publishable) => {
    expect(isPublishable(label, policy)).toBe(publishable);
  });

  it("covers the three policies", () => {
    expect([...TRUST_POLICIES].sort()).toEqual(["open", "trusted-only", "valid-only"]);
  });
});

describe("describeTrustLabel", () => {
  it.each([
    ["trusted", "trusted CA"],
    ["self-signed", "self-signed"],
    ["unknown-ca", "unknown CA"],
    ["expired", "expired"],
    ["not-yet-valid", "not yet valid"],
    ["revoked", "revoked"],
  ] as const)("%s → %s", (label, text) => {
    expect(describeTrustLabel(label)).toBe(text);
  });
});
