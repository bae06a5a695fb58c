/**
 * The integrity monitor's vocabulary (issue 12): what one check of one web location found, and the
 * verdict over an entry's locations that listings show as a badge and filter on. zod-free, so the
 * listing's client components can import it.
 */

/** What one check of one location found. */
export const LOCATION_OUTCOMES = ["verified", "reachable", "unreachable", "size-mismatch", "checksum-mismatch"] as const;
export type LocationOutcome = (typeof LOCATION_OUTCOMES)[number];

/**
 * An entry's verdict, the worst of its locations': a size or checksum mismatch, then a broken link,
 * then "reachable" (answered with the right size, but the bytes were not hashed: the image is over the
 * site's cap or compressed in a way it cannot decode), else verified.
 */
export const INTEGRITY_STATUSES = ["verified", "reachable", "broken", "mismatch"] as const;
export type IntegrityStatus = (typeof INTEGRITY_STATUSES)[number];

/** The listing filter: only entries whose image was verified, or only those with a problem. */
export const INTEGRITY_FILTERS = ["verified", "failing"] as const;
export type IntegrityFilter = (typeof INTEGRITY_FILTERS)[number];

export interface LocationCheck {
  location: string;
  outcome: LocationOutcome;
  /** The HTTP status of the answer, when there was one. */
  httpStatus?: number;
  /** Uncompressed bytes received and hashed (the whole image when verified). */
  bytes?: string;
  /** What was found, in words ("answered 404", "is 1048000 bytes, the entry says 1048576"). */
  detail: string;
  /** ISO 8601. */
  checkedAt: string;
  /** The last check that verified this location, ISO 8601. */
  verifiedAt?: string;
}

const SEVERITY: Record<LocationOutcome, number> = {
  verified: 0,
  reachable: 1,
  unreachable: 2,
  "size-mismatch": 3,
  "checksum-mismatch": 3,
};

/** The entry's verdict over its checked locations; undefined when none was checked. */
export function integrityStatus(outcomes: readonly LocationOutcome[]): IntegrityStatus | undefined {
  if (outcomes.length === 0) return undefined;
  const worst = Math.max(...outcomes.map((outcome) => SEVERITY[outcome]));
  return worst === 3 ? "mismatch" : worst === 2 ? "broken" : worst === 1 ? "reachable" : "verified";
}

export function isFailing(status: IntegrityStatus | undefined): boolean {
  return status === "broken" || status === "mismatch";
}

/** The badge's words; the date is the last check's, yyyy-MM-dd. */
export function integrityLabel(status: IntegrityStatus, checkedAt: string): string {
  const day = checkedAt.slice(0, 10);
  switch (status) {
    case "verified":
      return `Image verified ${day}`;
    case "reachable":
      return `Link checked ${day}`;
    case "broken":
      return "Broken link";
    case "mismatch":
      return "Checksum mismatch";
  }
}

/** What the badge's tooltip and the entry page say the status means. */
export const INTEGRITY_MEANINGS: Record<IntegrityStatus, string> = {
  verified: "the image at every web location was downloaded and matches the signed size and checksums",
  reachable: "every web location answers with the signed size; the image was too large or not decodable here to hash",
  broken: "a web location could not be fetched",
  mismatch: "the image at a web location differs from the signed size or checksums",
};

export const OUTCOME_LABELS: Record<LocationOutcome, string> = {
  verified: "verified",
  reachable: "reachable, not hashed",
  unreachable: "broken link",
  "size-mismatch": "size mismatch",
  "checksum-mismatch": "checksum mismatch",
};
