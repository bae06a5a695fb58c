/**
 * The one pg-core schema, shared by the embedded PGlite (PostgreSQL 18) and a PostgreSQL server (15+):
 * only SQL both accept. Migrations in db/migrations are generated from this file by
 * `npx drizzle-kit generate`; never edit a generated migration by hand.
 *
 * An entry is split in two tables so list queries and counts read narrow rows: `entries` holds the
 * parsed columns that are listed, filtered and sorted; `entry_documents` holds what only the entry
 * page and the downloads need (the signed bytes exactly as uploaded, RDF/JSON, the parsed model, the
 * signature and the certificate evaluation).
 */
import { sql, type SQL } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { IntegrityStatus } from "@/lib/entries/integrity";
import type { KeyAdmission } from "@/lib/entries/types";
import type { SignatureSummary } from "@/lib/metadata/inspect";
import type { Checksum, MetadataEntry } from "@/lib/metadata/model";
import type { TrustEvaluation, TrustLabel } from "@/lib/metadata/pki/trust";
import type { RdfJson } from "@/lib/metadata/rdf-json";
import { bytea } from "./column-types";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Every ASCII punctuation character becomes a space before the text-search parser runs, so
 * `jane.tester@example.org`, `x86_64` or an identifier with `-` and `_` are indexed as their words;
 * db/search.ts splits query terms on the same characters. `translate` is locale-independent.
 */
export const SEARCH_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/**
 * The searched text is cut to this many characters: PostgreSQL refuses a tsvector over 1 MB, which a
 * description of a few hundred kilobytes of distinct words reaches (the upload then failed), and
 * nobody searches for the millionth word of a description.
 */
export const SEARCH_TEXT_LIMIT = 100_000;

function searchDocument(columns: SQL[]): SQL {
  const joined = sql.join(
    columns.map((c) => sql`coalesce(${c}, '')`),
    sql` || ' ' || `,
  );
  const text = sql`left(${joined}, ${sql.raw(String(SEARCH_TEXT_LIMIT))})`;
  const from = SEARCH_PUNCTUATION.replaceAll("'", "''");
  return sql`to_tsvector('simple'::regconfig, translate(${text}, '${sql.raw(from)}', '${sql.raw(" ".repeat(SEARCH_PUNCTUATION.length))}'))`;
}

export const entries = pgTable(
  "entries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    identifier: text("identifier").notNull(),
    email: text("email").notNull(),
    /** The endorsement date: whole seconds, formatted back as yyyy-MM-ddTHH:mm:ssZ. */
    created: timestamptz("created").notNull(),
    /** dcterms:valid; entries without it are never listed. */
    valid: timestamptz("valid"),
    /** slterms:deprecated: present (even empty) = deprecated; the text is the reason. */
    deprecated: text("deprecated"),
    title: text("title"),
    description: text("description"),
    os: text("os"),
    osVersion: text("os_version"),
    osArch: text("os_arch"),
    kind: text("kind"),
    type: text("type"),
    /** dcterms:alternative, the tag of the tag lookups. */
    tag: text("tag"),
    locations: text("locations")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** No location, or one matching ^(https?|ftp):// (the `web` location filter). */
    webLocation: boolean("web_location").notNull(),
    /** A location matching ^pdisk (the `pdisk` location filter). */
    pdiskLocation: boolean("pdisk_location").notNull(),
    /** slreq:bytes is an unbounded non-negative integer in the format, hence numeric. */
    bytes: numeric("bytes").notNull(),
    format: text("format"),
    compression: text("compression"),
    version: text("version"),
    creator: text("creator"),
    publisher: text("publisher"),
    hypervisor: text("hypervisor"),
    checksums: jsonb("checksums").$type<Checksum[]>().notNull(),
    /**
     * The checksums' hex values, lowercase and without leading zeros (the format allows either case and
     * leading zeros): what a search for a digest compares (db/list-sql.ts), so pasting the sha256sum of a
     * file finds its entry. checksum_keys() is defined in migration 0003.
     */
    checksumKeys: text("checksum_keys")
      .array()
      .notNull()
      .generatedAlwaysAs((): SQL => sql`checksum_keys(checksums)`),
    endorserSubject: text("endorser_subject").notNull(),
    endorserIssuer: text("endorser_issuer").notNull(),
    /** CN of the certificate subject, else the subject. */
    endorserName: text("endorser_name").notNull(),
    certificateFingerprint: text("certificate_fingerprint")
      .notNull()
      .references(() => certificates.fingerprint),
    trustLabel: text("trust_label").$type<TrustLabel>().notNull(),
    trustReason: text("trust_reason").notNull(),
    /** Hex SHA-256 of the stored bytes: idempotent re-uploads compare it, HTTP can use it as an ETag. */
    xmlSha256: text("xml_sha256").notNull(),
    xmlBytes: integer("xml_bytes").notNull(),
    uploadedAt: timestamptz("uploaded_at").notNull().defaultNow(),
    /**
     * Hidden by a moderator (reason required): the entry leaves listings, and its page and the original
     * API answer 410 with the reason. The signed bytes stay as they are.
     */
    hiddenReason: text("hidden_reason"),
    hiddenAt: timestamptz("hidden_at"),
    hiddenBy: text("hidden_by"),
    /** The newest `created` of its (identifier, email): the only entries listed without a created filter. */
    latest: boolean("latest").notNull().default(false),
    /**
     * The integrity monitor's verdict over the entry's web locations (lib/entries/integrity.ts): null until
     * checked; the per-location details are in `location_checks`. Kept here so listings show the badge and
     * filter on it from the one table they read.
     */
    integrity: text("integrity").$type<IntegrityStatus>(),
    integrityCheckedAt: timestamptz("integrity_checked_at"),
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs((): SQL =>
        searchDocument([
          sql`title`,
          sql`description`,
          sql`os`,
          sql`os_version`,
          sql`os_arch`,
          sql`kind`,
          sql`identifier`,
          sql`email`,
          sql`endorser_name`,
          sql`tag`,
          sql`immutable_array_to_string(locations, ' ')`,
        ]),
      ),
  },
  (t) => [
    uniqueIndex("entries_key_unique").on(t.identifier, t.email, t.created),
    // At most one latest entry per (identifier, email), whatever the concurrency.
    uniqueIndex("entries_latest_unique")
      .on(t.identifier, t.email)
      .where(sql`latest`),
    index("entries_email_created_idx").on(t.email, t.created),
    index("entries_created_idx").on(t.created),
    index("entries_valid_idx").on(t.valid),
    index("entries_tag_idx")
      .on(t.tag, t.email)
      .where(sql`tag is not null`),
    // Counts by status and location among the latest entries, as index-only range scans on valid.
    index("entries_latest_status_idx")
      .on(t.valid, t.deprecated, t.webLocation, t.pdiskLocation)
      .where(sql`latest`),
    index("entries_latest_deprecated_idx")
      .on(t.created, t.id)
      .where(sql`latest and deprecated is not null`),
    // One index per sort field over the latest entries, in keyset order (sort key, created, id), scanned
    // either way. The text keys are the expressions of db/list-sql.ts, which the exact facet filters
    // share: a facet filter with the default sort (newest first) reads its index in order too.
    index("entries_latest_created_idx")
      .on(t.created, t.id)
      .where(sql`latest`),
    index("entries_latest_identifier_idx")
      .on(t.identifier, t.created, t.id)
      .where(sql`latest`),
    index("entries_latest_title_idx")
      .on(sql`coalesce(lower(title), '')`, t.created, t.id)
      .where(sql`latest`),
    index("entries_latest_os_idx")
      .on(sql`coalesce(lower(os), '')`, t.created, t.id)
      .where(sql`latest`),
    index("entries_latest_os_version_idx")
      .on(sql`coalesce(lower(os_version), '')`, t.created, t.id)
      .where(sql`latest`),
    index("entries_latest_os_arch_idx")
      .on(sql`coalesce(lower(os_arch), '')`, t.created, t.id)
      .where(sql`latest`),
    index("entries_latest_kind_idx")
      .on(sql`coalesce(lower(kind), '')`, t.created, t.id)
      .where(sql`latest`),
    index("entries_latest_email_idx")
      .on(sql`lower(email)`, t.created, t.id)
      .where(sql`latest`),
    index("entries_latest_search_idx")
      .using("gin", t.search)
      .where(sql`latest`),
    // The integrity sweep's scan: current entries whose check is oldest (never checked first).
    index("entries_latest_integrity_idx")
      .on(t.integrityCheckedAt)
      .where(sql`latest`),
    index("entries_latest_checksum_idx")
      .using("gin", t.checksumKeys)
      .where(sql`latest`),
  ],
);

/** Signing certificates, once each: many entries share one, and the PEM is the largest part of a signature. */
export const certificates = pgTable("certificates", {
  /** SHA-256, as CertificateSummary.fingerprintSha256. */
  fingerprint: text("fingerprint").primaryKey(),
  pem: text("pem").notNull(),
  subject: text("subject").notNull(),
  issuer: text("issuer").notNull(),
  notAfter: timestamptz("not_after").notNull(),
  /** SHA-256 of the SubjectPublicKeyInfo: the key's identity across renewed certificates. Null only in rows stored before it existed, until db/backfill-keys.ts fills them on open. */
  publicKeySha256: text("public_key_sha256"),
});

export const KEY_ADMISSIONS = ["first-key", "trusted-ca", "email-confirmed", "existing"] as const satisfies readonly KeyAdmission[];

/**
 * Key continuity (PRODUCT.md): the keys that may publish for an endorser email. The first key to
 * publish for an email is recorded ("first-key"); another key is admitted only with a certificate
 * from a trusted CA carrying that email ("trusted-ca"). "existing": published before this table was
 * introduced. An upload for the email signed by any other key is not published.
 */
export const endorserKeys = pgTable(
  "endorser_keys",
  {
    email: text("email").notNull(),
    publicKeySha256: text("public_key_sha256").notNull(),
    admittedBy: text("admitted_by").$type<KeyAdmission>().notNull(),
    /** The certificate it was first seen in (its subject and issuer say whose key it is). */
    firstCertificate: text("first_certificate")
      .notNull()
      .references(() => certificates.fingerprint),
    admittedAt: timestamptz("admitted_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.email, t.publicKeySha256] }),
    check("endorser_keys_admitted_by_check", sql`${t.admittedBy} in ('first-key', 'trusted-ca', 'email-confirmed', 'existing')`),
  ],
);

/** A signature summary as stored: its certificate's PEM lives in `certificates`. */
export type StoredSignature = Omit<SignatureSummary, "certificate"> & { certificate: Omit<SignatureSummary["certificate"], "pem"> };

export const entryDocuments = pgTable("entry_documents", {
  entryId: bigint("entry_id", { mode: "number" })
    .primaryKey()
    .references(() => entries.id, { onDelete: "cascade" }),
  /** The uploaded bytes, exactly: the XML download is byte for byte what was signed. */
  xml: bytea("xml").notNull(),
  rdfJson: jsonb("rdf_json").$type<RdfJson>().notNull(),
  metadata: jsonb("metadata").$type<MetadataEntry>().notNull(),
  signature: jsonb("signature").$type<StoredSignature>().notNull(),
  trust: jsonb("trust").$type<TrustEvaluation>().notNull(),
});

export const endorsers = pgTable("endorsers", {
  email: text("email").primaryKey(),
  /** Subject, issuer and name of the endorser's newest entry. */
  subject: text("subject").notNull(),
  issuer: text("issuer").notNull(),
  name: text("name").notNull(),
  firstEndorsed: timestamptz("first_endorsed").notNull(),
  lastEndorsed: timestamptz("last_endorsed").notNull(),
  entryCount: integer("entry_count").notNull(),
});

/**
 * "replaced" was an outcome before first bytes won (an equal-date upload now gets 409); kept for old rows.
 * "pending": held for its endorser email's confirmation (db/pending-uploads.ts).
 */
export const UPLOAD_OUTCOMES = ["created", "unchanged", "replaced", "refused", "pending"] as const;
export type UploadOutcome = (typeof UPLOAD_OUTCOMES)[number];

/** Every upload attempt, for audit and abuse handling. */
export const uploadEvents = pgTable(
  "upload_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamptz("at").notNull().defaultNow(),
    outcome: text("outcome").$type<UploadOutcome>().notNull(),
    /** Problem codes (lib/metadata/problems.ts) or error codes (lib/errors.ts) of a refusal. */
    problems: text("problems")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    identifier: text("identifier"),
    email: text("email"),
    created: timestamptz("created"),
    address: text("address"),
    userAgent: text("user_agent"),
    size: integer("size"),
  },
  (t) => [
    index("upload_events_at_idx").on(t.at),
    index("upload_events_address_at_idx").on(t.address, t.at),
    index("upload_events_email_at_idx").on(t.email, t.at),
    check("upload_events_outcome_check", sql`${t.outcome} in ('created', 'unchanged', 'replaced', 'refused', 'pending')`),
  ],
);

/**
 * One row whose version grows in the same transaction as every change to the entries, so caches of
 * counts and facets (db/list-cache.ts) know when to recompute, across processes too.
 */
export const dataVersion = pgTable(
  "data_version",
  {
    id: smallint("id").primaryKey().default(1),
    version: bigint("version", { mode: "number" }).notNull(),
  },
  (t) => [check("data_version_single_row", sql`${t.id} = 1`)],
);

export type EntryRow = typeof entries.$inferSelect;
export type NewEntryRow = typeof entries.$inferInsert;
export type EntryDocumentRow = typeof entryDocuments.$inferSelect;
export type NewEntryDocumentRow = typeof entryDocuments.$inferInsert;
export type CertificateRow = typeof certificates.$inferSelect;
export type EndorserKeyRow = typeof endorserKeys.$inferSelect;
export type EndorserRow = typeof endorsers.$inferSelect;
export type UploadEventRow = typeof uploadEvents.$inferSelect;
export type NewUploadEventRow = typeof uploadEvents.$inferInsert;

export * from "./schema-accounts";
export * from "./schema-workflow";
export * from "./schema-builds";
export * from "./schema-drafts";
export * from "./schema-integrity";
export * from "./schema-replica";
export * from "./schema-subscriptions";
