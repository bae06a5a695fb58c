/**
 * What the data layer returns and the pages, the JSON API and the original routes render. Plain
 * serialisable data: the JSON API returns these shapes as they are.
 */
import type { MetadataEntry } from "@/lib/metadata/model";
import type { SignatureSummary } from "@/lib/metadata/inspect";
import type { TrustEvaluation, TrustLabel } from "@/lib/metadata/pki/trust";
import type { EntryStatus } from "./status";

import type { EntryKey } from "@/lib/metadata/model";

// One key type for the engine and the data layer: the engine defines it.
export type { EntryKey };

/** One card of the listing. */
export interface EntrySummary extends EntryKey {
  title?: string;
  os?: string;
  osVersion?: string;
  osArch?: string;
  kind?: string;
  description?: string;
  /** dcterms:alternative */
  tag?: string;
  /** `yyyy-MM-ddTHH:mm:ssZ` */
  valid?: string;
  deprecated?: string;
  /** Undefined for entries without dcterms:valid (never listed, but reachable by key). */
  status?: EntryStatus;
  locations: string[];
  /** Size of the uncompressed image in bytes (decimal string). */
  bytes: string;
  format?: string;
  /** Common name of the certificate subject, else the subject. */
  endorserName: string;
  trust: TrustLabel;
  certificateFingerprint: string;
  /** The entry is the newest for its (identifier, email). */
  latest: boolean;
}

/** The entry page ("More..."). */
export interface EntryDetail extends EntrySummary {
  metadata: MetadataEntry;
  signature: SignatureSummary;
  trustEvaluation: TrustEvaluation;
  uploadedAt: string;
  /** Size of the stored (signed) XML in bytes. */
  xmlBytes: number;
}

export interface ListPage {
  items: EntrySummary[];
  /** Entries matching all filters (iTotalDisplayRecords). */
  total: number;
  /** Latest entries with the status filter only (iTotalRecords). */
  totalUnfiltered: number;
  page: number;
  pageSize: number;
  /** JSON API keyset cursor of the next page, if any. */
  nextCursor?: string;
}

/** A row of the endorsers list. (`Endorser` is the engine's: the endorsement's own element.) */
export interface EndorserSummary {
  email: string;
  subject: string;
  issuer: string;
  name: string;
  entries: number;
  lastEndorsed: string;
}

/** A row of an endorser's history (reference section 4.9). */
export interface HistoryItem extends EntryKey {
  title?: string;
  description?: string;
  locations: string[];
  deprecated?: string;
}

/** Values present in the latest valid entries, for the filter menus. */
export interface Facets {
  os: string[];
  osVersion: string[];
  arch: string[];
  kind: string[];
  endorsers: Array<{ email: string; name: string }>;
  /** The versions of each OS, keyed by the OS in lower case: the version menu narrows to the chosen OS. */
  osVersionsByOs: Record<string, string[]>;
}

/** How a key came to be allowed to publish for an email (key continuity, db/key-continuity.ts). */
export type KeyAdmission = "first-key" | "trusted-ca" | "existing";

/** One certificate that has published for an endorser email: the endorser's certificate history. */
export interface CertificateUse {
  fingerprint: string;
  subject: string;
  issuer: string;
  /** ISO 8601 */
  notAfter: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo), hex. */
  publicKeySha256: string;
  admittedBy: KeyAdmission;
  entries: number;
  /** `yyyy-MM-ddTHH:mm:ssZ` of its first and last endorsement. */
  firstEndorsed: string;
  lastEndorsed: string;
}
