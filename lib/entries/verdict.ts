/**
 * "May this image run here?" (reference section 4.6): what the original `stratus-policy-image` did
 * after `GET /metadata/<id>`, on the server. The candidates are the latest entry of each endorser; those
 * the original's listing would not have returned (deprecated, expired, without a validity) go first,
 * then the site policy's filters in the original's order and with its messages, then ours: the image's
 * own checksum when the cloud gives one, the trust labels, the remaining validity. Whatever is left may
 * run; when nothing is, the last reason is the original's "Image isn't valid according to site policy".
 */
import { describeTrustLabel } from "@/lib/metadata/pki/trust-policy";
import { normalizeHex, type SitePolicy } from "./site-policy";
import type { EntrySummary } from "./types";

export const POLICY_REFUSAL = "Image isn't valid according to site policy";

export interface VerdictCandidate extends EntrySummary {
  checksums: { algorithm: string; value: string }[];
}

/** The image's digest as the cloud computed it: `sha512:<hex>` (also md5, sha1, sha256). */
export interface ImageChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
}

export const CHECKSUM_ALGORITHMS = { md5: "MD5", sha1: "SHA-1", sha256: "SHA-256", sha512: "SHA-512" } as const;
export type ChecksumAlgorithm = keyof typeof CHECKSUM_ALGORITHMS;
const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/** `sha512:ABC…` -> the checksum, or a message saying what is wrong with it. */
export function parseImageChecksum(text: string): ImageChecksum | string {
  const match = /^([A-Za-z0-9-]+):([0-9A-Fa-f]+)$/.exec(text.trim());
  const algorithm = match?.[1]!.toLowerCase().replace("-", "") as ChecksumAlgorithm | undefined;
  if (!match || !algorithm || !(algorithm in CHECKSUM_ALGORITHMS))
    return `checksum must be <algorithm>:<hex digest> with the algorithm md5, sha1, sha256 or sha512, e.g. sha512:${"0".repeat(8)}…`;
  if (match[2]!.length !== HEX_LENGTH[algorithm])
    return `a ${CHECKSUM_ALGORITHMS[algorithm]} digest has ${HEX_LENGTH[algorithm]} hex digits, not ${match[2]!.length}`;
  return { algorithm, value: normalizeHex(match[2]!) };
}

export interface Verdict {
  allowed: boolean;
  reasons: string[];
  entries: EntrySummary[];
}

type Filter = {
  keeps: (entry: VerdictCandidate) => boolean;
  keeping: (entry: VerdictCandidate) => string;
  rejecting: (entry: VerdictCandidate) => string;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function decideVerdict(
  identifier: string,
  candidates: readonly VerdictCandidate[],
  policy: SitePolicy,
  options: { now: Date; checksum?: ImageChecksum },
): Verdict {
  const reasons: string[] = [];
  let remaining = candidates.filter((entry) => entry.latest && entry.identifier === identifier);
  if (remaining.length === 0) reasons.push(`no metadata entry for image ${identifier}`);
  const apply = ({ keeps, keeping, rejecting }: Filter) => {
    remaining = remaining.filter((entry) => {
      const kept = keeps(entry);
      reasons.push(kept ? keeping(entry) : rejecting(entry));
      return kept;
    });
  };
  const sha1 = (entry: VerdictCandidate) => checksumOf(entry, "sha1") ?? "";
  const listed = (list: string[], value: string) => list.includes(value);

  // What the original listing (status=valid) returned: the policy only ever saw these.
  apply({
    keeps: (entry) => entry.status === "valid",
    keeping: (entry) => `entry by ${entry.email} of ${entry.created} is valid until ${entry.valid}, keeping entry`,
    rejecting: (entry) =>
      entry.status === "deprecated"
        ? `entry by ${entry.email} of ${entry.created} is deprecated${entry.deprecated ? ` (${entry.deprecated})` : ""}, rejecting entry`
        : entry.status === "expired"
          ? `entry by ${entry.email} of ${entry.created} expired on ${entry.valid}, rejecting entry`
          : `entry by ${entry.email} of ${entry.created} has no validity date, rejecting entry`,
  });
  const lists: [string[], boolean, (entry: VerdictCandidate) => string, string][] = [
    [policy.whitelistEndorsers, true, (entry) => entry.email, "email endorser %s is"],
    [policy.blacklistEndorsers, false, (entry) => entry.email, "email endorser %s is"],
    [policy.whitelistChecksums, true, sha1, "SHA-1 checksum image %s is"],
    [policy.blacklistChecksums, false, sha1, "SHA-1 checksum image %s is"],
    [policy.whitelistImages, true, (entry) => entry.identifier, "image identifier %s is"],
    [policy.blacklistImages, false, (entry) => entry.identifier, "image identifier %s is"],
  ];
  for (const [list, white, candidate, subject] of lists) {
    if (list.length === 0) continue;
    const say = (entry: VerdictCandidate, text: string) => `${subject.replace("%s", candidate(entry))} ${text}`;
    apply(
      white
        ? {
            keeps: (entry) => listed(list, candidate(entry)),
            keeping: (entry) => say(entry, "whitelisted, keeping entry"),
            rejecting: (entry) => say(entry, "not whitelisted, rejecting entry"),
          }
        : {
            keeps: (entry) => !listed(list, candidate(entry)),
            keeping: (entry) => say(entry, "not blacklisted, keeping entry"),
            rejecting: (entry) => say(entry, "blacklisted, rejecting entry"),
          },
    );
  }
  const { checksum, now } = options;
  if (checksum) {
    const name = CHECKSUM_ALGORITHMS[checksum.algorithm];
    apply({
      keeps: (entry) => checksumOf(entry, checksum.algorithm) === checksum.value,
      keeping: (entry) => `${name} checksum of the image matches the entry by ${entry.email}, keeping entry`,
      rejecting: (entry) =>
        checksumOf(entry, checksum.algorithm) === undefined
          ? `the entry by ${entry.email} signs no ${name} checksum to compare with, rejecting entry`
          : `${name} checksum of the image differs from the one the entry by ${entry.email} signs, rejecting entry`,
    });
  }
  if (policy.trustLabels.length) {
    const accepted = policy.trustLabels.map(describeTrustLabel).join(", ");
    apply({
      keeps: (entry) => policy.trustLabels.includes(entry.trust),
      keeping: (entry) => `certificate of ${entry.email} is ${describeTrustLabel(entry.trust)}, accepted, keeping entry`,
      rejecting: (entry) =>
        `certificate of ${entry.email} is ${describeTrustLabel(entry.trust)}, the site accepts only ${accepted}, rejecting entry`,
    });
  }
  if (policy.minimumValidityDays > 0) {
    const until = new Date(now.getTime() + policy.minimumValidityDays * DAY_MS);
    apply({
      keeps: (entry) => entry.valid !== undefined && new Date(entry.valid) >= until,
      keeping: (entry) =>
        `entry by ${entry.email} stays valid until ${entry.valid}, at least ${policy.minimumValidityDays} days, keeping entry`,
      rejecting: (entry) =>
        `entry by ${entry.email} is valid only until ${entry.valid}, less than the ${policy.minimumValidityDays} days the site requires, rejecting entry`,
    });
  }
  if (remaining.length === 0) reasons.push(POLICY_REFUSAL);
  return { allowed: remaining.length > 0, reasons, entries: remaining.map(withoutChecksums) };
}

function withoutChecksums(entry: VerdictCandidate): EntrySummary {
  const summary: Partial<VerdictCandidate> = { ...entry };
  delete summary.checksums;
  return summary as EntrySummary;
}

function checksumOf(entry: VerdictCandidate, algorithm: ChecksumAlgorithm): string | undefined {
  const name = CHECKSUM_ALGORITHMS[algorithm];
  const found = entry.checksums.find((checksum) => checksum.algorithm.toUpperCase() === name);
  return found ? normalizeHex(found.value) : undefined;
}
