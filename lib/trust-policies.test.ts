/** The server's TRUST_POLICY and the CLI's --trust-policy take the one list of lib/metadata/pki/trust-policy.ts. */
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { trustOptions } from "@/lib/cli/commands/shared-options";
import { parseEnv } from "@/lib/env";
import { DEFAULT_TRUST_POLICY, TRUST_POLICIES } from "@/lib/metadata/pki/trust-policy";

describe("the trust-policy list", () => {
  const option = trustOptions(new Command()).options.find((o) => o.long === "--trust-policy");

  it("is the CLI's choices and default", () => {
    expect(option?.argChoices).toEqual([...TRUST_POLICIES]);
    expect(option?.defaultValue).toBe(DEFAULT_TRUST_POLICY);
  });

  it.each(TRUST_POLICIES)("is what TRUST_POLICY accepts: %s", (policy) => {
    expect(parseEnv({ NODE_ENV: "test", TRUST_POLICY: policy }).TRUST_POLICY).toBe(policy);
  });

  it("gives the same default and refuses the same unknown policy on both", () => {
    expect(parseEnv({ NODE_ENV: "test" }).TRUST_POLICY).toBe(DEFAULT_TRUST_POLICY);
    expect(() => parseEnv({ NODE_ENV: "test", TRUST_POLICY: "strict" })).toThrow(/TRUST_POLICY/);
    expect(() =>
      trustOptions(new Command())
        .exitOverride()
        .configureOutput({ writeErr: () => {} })
        .parse(["--trust-policy", "strict"], { from: "user" }),
    ).toThrow(/strict/);
  });
});
