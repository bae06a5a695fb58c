/** SITE_POLICY of lib/env.ts: a policy.cfg read and checked at start, so a bad file stops the server with its reason. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { OPEN_SITE_POLICY } from "@/lib/entries/site-policy";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "site-policy-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, text);
  return at;
};
const parse = (values: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...values });

describe("SITE_POLICY", () => {
  it("is open without a file", () => {
    expect(parse({}).SITE_POLICY).toEqual(OPEN_SITE_POLICY);
  });

  it("reads the policy file", () => {
    const policy = parse({ SITE_POLICY: file("policy.cfg", "[endorsers]\nblacklistendorsers = hackers@example.org\n") }).SITE_POLICY;
    expect(policy.blacklistEndorsers).toEqual(["hackers@example.org"]);
  });

  it("stops the start on a file it cannot read or understand, saying why", () => {
    const missing = path.join(dir, "missing.cfg");
    expect(() => parse({ SITE_POLICY: missing })).toThrow(`SITE_POLICY: the policy file ${missing}: cannot be read (ENOENT)`);
    const bad = file("bad.cfg", "[endorsers]\nwhitelist = a@b.c\n");
    expect(() => parse({ SITE_POLICY: bad })).toThrow(`SITE_POLICY: the policy file ${bad}: unknown option "whitelist" in [endorsers]`);
  });
});
