/**
 * The verdict, one policy section at a time: what the original listing left out (deprecated, expired,
 * no validity, older entries), each list of policy.cfg white and black with the original's messages,
 * the image's own checksum, trust labels, remaining validity, and an unknown identifier; whatever is
 * refused ends with the original's "Image isn't valid according to site policy".
 */
import { describe, expect, it } from "vitest";
import { OPEN_SITE_POLICY, type SitePolicy } from "./site-policy";
import { decideVerdict, parseImageChecksum, POLICY_REFUSAL, type VerdictCandidate } from "./verdict";

const ID = "BEE8-MMAw-Lk_IgsEExAy3d9R8h";
const NOW = new Date("2026-12-01T00:00:00Z");
const SHA1 = "0".repeat(39) + "1";
const SHA512 = "ab".repeat(64);

function entry(email: string, overrides: Partial<VerdictCandidate> = {}): VerdictCandidate {
  return {
    identifier: ID,
    email,
    created: "2026-01-01T00:00:00Z",
    valid: "2027-12-01T00:00:00Z",
    status: "valid",
    locations: [],
    bytes: "1024",
    endorserName: email,
    trust: "unknown-ca",
    certificateFingerprint: "f",
    latest: true,
    checksums: [
      { algorithm: "SHA-1", value: SHA1 },
      { algorithm: "SHA-512", value: SHA512.toUpperCase() },
    ],
    ...overrides,
  };
}

const JANE = entry("jane@example.org", { trust: "trusted" });
const HACKERS = entry("hackers@example.org", { checksums: [{ algorithm: "SHA-1", value: "f".repeat(40) }] });
const verdict = (policy: Partial<SitePolicy>, candidates: VerdictCandidate[] = [JANE, HACKERS], checksum?: string) =>
  decideVerdict(
    ID,
    candidates,
    { ...OPEN_SITE_POLICY, ...policy },
    {
      now: NOW,
      ...(checksum ? { checksum: parseImageChecksum(checksum) as never } : {}),
    },
  );
const emails = (v: ReturnType<typeof verdict>) => v.entries.map((e) => e.email);

describe("the verdict", () => {
  it("allows every valid latest entry under an open policy, saying why", () => {
    const v = verdict({});
    expect(v.allowed).toBe(true);
    expect(emails(v)).toEqual(["jane@example.org", "hackers@example.org"]);
    expect(v.reasons).toEqual([
      "entry by jane@example.org of 2026-01-01T00:00:00Z is valid until 2027-12-01T00:00:00Z, keeping entry",
      "entry by hackers@example.org of 2026-01-01T00:00:00Z is valid until 2027-12-01T00:00:00Z, keeping entry",
    ]);
    // The checksums the verdict compared are not part of the answer's entries.
    expect(v.entries[0]).not.toHaveProperty("checksums");
  });

  it("leaves out what the original listing left out: deprecated, expired, undated and older entries", () => {
    const v = verdict({}, [
      entry("a@x.org", { status: "deprecated", deprecated: "broken" }),
      entry("b@x.org", { status: "expired", valid: "2026-06-01T00:00:00Z" }),
      entry("c@x.org", { status: undefined, valid: undefined }),
      entry("d@x.org", { latest: false }),
    ]);
    expect(v).toEqual({
      allowed: false,
      entries: [],
      reasons: [
        "entry by a@x.org of 2026-01-01T00:00:00Z is deprecated (broken), rejecting entry",
        "entry by b@x.org of 2026-01-01T00:00:00Z expired on 2026-06-01T00:00:00Z, rejecting entry",
        "entry by c@x.org of 2026-01-01T00:00:00Z has no validity date, rejecting entry",
        POLICY_REFUSAL,
      ],
    });
  });

  it("says so for an unknown identifier", () => {
    expect(verdict({}, [])).toEqual({ allowed: false, entries: [], reasons: [`no metadata entry for image ${ID}`, POLICY_REFUSAL] });
    expect(decideVerdict("F49uQGH1uwT4mG9Lqj2pYnWkApd", [JANE], OPEN_SITE_POLICY, { now: NOW }).allowed).toBe(false);
  });

  it("applies the endorser lists with the original's messages", () => {
    const white = verdict({ whitelistEndorsers: ["jane@example.org"] });
    expect(emails(white)).toEqual(["jane@example.org"]);
    expect(white.reasons.slice(2)).toEqual([
      "email endorser jane@example.org is whitelisted, keeping entry",
      "email endorser hackers@example.org is not whitelisted, rejecting entry",
    ]);
    const black = verdict({ blacklistEndorsers: ["hackers@example.org"] });
    expect(emails(black)).toEqual(["jane@example.org"]);
    expect(black.reasons.slice(2)).toEqual([
      "email endorser jane@example.org is not blacklisted, keeping entry",
      "email endorser hackers@example.org is blacklisted, rejecting entry",
    ]);
  });

  it("applies the SHA-1 checksum lists", () => {
    const white = verdict({ whitelistChecksums: ["1"] });
    expect(emails(white)).toEqual(["jane@example.org"]);
    expect(white.reasons[2]).toBe(`SHA-1 checksum image 1 is whitelisted, keeping entry`);
    expect(white.reasons[3]).toBe(`SHA-1 checksum image ${"f".repeat(40)} is not whitelisted, rejecting entry`);
    const black = verdict({ blacklistChecksums: ["f".repeat(40)] });
    expect(emails(black)).toEqual(["jane@example.org"]);
    expect(black.reasons[3]).toBe(`SHA-1 checksum image ${"f".repeat(40)} is blacklisted, rejecting entry`);
  });

  it("applies the image lists, refusing with the original's message when nothing is left", () => {
    const black = verdict({ blacklistImages: [ID] });
    expect(black.allowed).toBe(false);
    expect(black.reasons.slice(2)).toEqual([
      `image identifier ${ID} is blacklisted, rejecting entry`,
      `image identifier ${ID} is blacklisted, rejecting entry`,
      POLICY_REFUSAL,
    ]);
    expect(verdict({ whitelistImages: [ID] }).allowed).toBe(true);
    expect(verdict({ whitelistImages: ["F49uQGH1uwT4mG9Lqj2pYnWkApd"] }).reasons.at(-2)).toBe(
      `image identifier ${ID} is not whitelisted, rejecting entry`,
    );
  });

  it("filters in the original's order: endorsers, checksums, images", () => {
    const v = verdict({ blacklistImages: [ID], whitelistEndorsers: ["jane@example.org"], blacklistChecksums: ["abc"] });
    expect(v.reasons.slice(2).map((r) => r.split(" ").slice(0, 2).join(" "))).toEqual([
      "email endorser",
      "email endorser",
      "SHA-1 checksum",
      "image identifier",
      POLICY_REFUSAL.split(" ").slice(0, 2).join(" "),
    ]);
  });

  it("compares the image's own checksum with the signed one", () => {
    const v = verdict({}, [JANE, HACKERS], `sha512:${SHA512}`);
    expect(emails(v)).toEqual(["jane@example.org"]);
    expect(v.reasons.slice(2)).toEqual([
      "SHA-512 checksum of the image matches the entry by jane@example.org, keeping entry",
      "the entry by hackers@example.org signs no SHA-512 checksum to compare with, rejecting entry",
    ]);
    const other = verdict({}, [JANE], `sha512:${"cd".repeat(64)}`);
    expect(other.reasons).toContain(
      "SHA-512 checksum of the image differs from the one the entry by jane@example.org signs, rejecting entry",
    );
    expect(other.allowed).toBe(false);
    // Leading zeros and case as the format allows them.
    expect(verdict({}, [JANE], `SHA-1:${SHA1.toUpperCase()}`).allowed).toBe(true);
  });

  it("reads the checksum argument or says what is wrong with it", () => {
    expect(parseImageChecksum(`SHA-512:${SHA512}`)).toEqual({ algorithm: "sha512", value: SHA512 });
    expect(parseImageChecksum("sha512:abc")).toBe("a SHA-512 digest has 128 hex digits, not 3");
    expect(parseImageChecksum(`crc32:${SHA1}`)).toMatch(/^checksum must be <algorithm>:<hex digest>/);
    expect(parseImageChecksum(SHA1)).toMatch(/^checksum must be/);
    expect(parseImageChecksum(`sha1:${"g".repeat(40)}`)).toMatch(/^checksum must be/);
  });

  it("requires the trust labels the site accepts", () => {
    const v = verdict({ trustLabels: ["trusted"] });
    expect(emails(v)).toEqual(["jane@example.org"]);
    expect(v.reasons.slice(2)).toEqual([
      "certificate of jane@example.org is trusted CA, accepted, keeping entry",
      "certificate of hackers@example.org is unknown CA, the site accepts only trusted CA, rejecting entry",
    ]);
    for (const trust of ["self-signed", "expired", "not-yet-valid", "revoked"] as const) {
      expect(verdict({ trustLabels: ["trusted", "unknown-ca"] }, [entry("x@y.org", { trust })]).allowed, trust).toBe(false);
      expect(verdict({ trustLabels: [trust] }, [entry("x@y.org", { trust })]).allowed, trust).toBe(true);
    }
  });

  it("requires the remaining validity the site asks for", () => {
    const soon = entry("soon@x.org", { valid: "2026-12-20T00:00:00Z" });
    const v = verdict({ minimumValidityDays: 30 }, [JANE, soon]);
    expect(emails(v)).toEqual(["jane@example.org"]);
    expect(v.reasons.slice(2)).toEqual([
      "entry by jane@example.org stays valid until 2027-12-01T00:00:00Z, at least 30 days, keeping entry",
      "entry by soon@x.org is valid only until 2026-12-20T00:00:00Z, less than the 30 days the site requires, rejecting entry",
    ]);
    expect(verdict({ minimumValidityDays: 19 }, [soon]).allowed).toBe(true);
  });
});
