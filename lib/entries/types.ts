/**
 * What the data layer returns and the pages, the JSON API and the original routes render. Plain
 * serialisable data: the JSON API returns these shapes as they are.
 */
import type { z } from "zod";
import type { EntryKey } from "@/lib/metadata/model";
import type { endorserSummarySchema, facetsSchema, historyItemSchema } from "./endorser-schemas";
import type { entryDetailSchema, entrySummarySchema, listPageSchema } from "./entry-schemas";

// One key type for the engine and the data layer: the engine defines it.
export type { EntryKey };

// The shapes the JSON API returns derive from its response schemas (entry-schemas.ts,
// endorser-schemas.ts): the OpenAPI document is generated from the same schemas. Types only, so
// importing this file brings no zod into the browser.

/** One card of the listing. */
export type EntrySummary = z.infer<typeof entrySummarySchema>;

/** The entry page ("More..."). */
export type EntryDetail = z.infer<typeof entryDetailSchema>;

export type ListPage = z.infer<typeof listPageSchema>;

/** A row of the endorsers list. (`Endorser` is the engine's: the endorsement's own element.) */
export type EndorserSummary = z.infer<typeof endorserSummarySchema>;

/** A row of an endorser's history (reference section 4.9). */
export type HistoryItem = z.infer<typeof historyItemSchema>;

/** Values present in the latest valid entries, for the filter menus. */
export type Facets = z.infer<typeof facetsSchema>;

/** How a key came to be allowed to publish for an email (key continuity, db/key-continuity.ts). */
export type KeyAdmission = "first-key" | "trusted-ca" | "email-confirmed" | "existing";

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
