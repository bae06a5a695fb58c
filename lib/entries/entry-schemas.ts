/**
 * The JSON API's entry replies as zod schemas: the listing's page (`GET /api/v1/entries`) and one
 * entry (`GET /api/v1/entries/{identifier}/{email}/{created}`). The types the data layer returns and
 * the pages render (lib/entries/types.ts) and the OpenAPI components (lib/server/api/openapi.ts) derive
 * from these. Objects are strict so that a test parsing a real reply fails on a field the schema lacks;
 * nothing on the server parses its own replies.
 */
import { z } from "zod";
import { TRUST_LABELS } from "@/lib/metadata/pki/trust";
import { INTEGRITY_STATUSES, LOCATION_OUTCOMES } from "./integrity";
import { STATUSES } from "./status";

export const entryKeySchema = z.strictObject({
  identifier: z.string(),
  email: z.string(),
  created: z.string().meta({ description: "endorsement date, yyyy-MM-ddTHH:mm:ssZ" }),
});

export const trustLabelSchema = z.enum(TRUST_LABELS);

// The engine's types (lib/metadata/model.ts, inspect.ts, pki/trust.ts) stay its own, free of zod; these
// mirror them field for field, and openapi.test.ts checks that each infers exactly the engine's type.

const checksumSchema = z.strictObject({
  algorithm: z.string().meta({ description: "Java MessageDigest name as written: MD5, SHA-1, SHA-256, SHA-512, ..." }),
  value: z.string().meta({ description: "hex digest as written" }),
});

const endorserSchema = z.strictObject({
  email: z.string(),
  subject: z.string().meta({ description: "certificate subject, RFC 2253" }),
  issuers: z.array(z.string()).meta({ description: "issuer DNs; the first is the certificate's issuer" }),
});

const foreignElementSchema = z.strictObject({ namespace: z.string(), name: z.string(), text: z.string() });

/** Every element of the entry as signed (reference section 1.4), text exactly as written. */
export const metadataEntrySchema = z.strictObject({
  identifier: z.string(),
  bytes: z.string().meta({ description: "size of the uncompressed image in bytes, decimal digits (may exceed 2^53)" }),
  checksums: z.array(checksumSchema),
  endorsement: z.strictObject({
    created: z.string().meta({ description: "yyyy-MM-ddTHH:mm:ssZ" }),
    endorser: endorserSchema.optional(),
  }),
  type: z.string().optional(),
  kind: z.string().optional(),
  os: z.string().optional(),
  osVersion: z.string().optional(),
  osArch: z.string().optional(),
  version: z.string().optional(),
  serialNumber: z.string().optional(),
  compression: z.string().optional(),
  locations: z.array(z.string()),
  format: z.string().optional(),
  creator: z.string().optional(),
  publisher: z.string().optional(),
  created: z.string().optional().meta({ description: "top-level dcterms:created: when the image was built" }),
  valid: z.string().optional(),
  title: z.string().optional(),
  alternative: z.string().optional().meta({ description: "dcterms:alternative, the tag" }),
  description: z.string().optional(),
  hypervisor: z.string().optional(),
  disksBus: z.array(z.string()),
  inboundPorts: z.array(z.string()),
  outboundPorts: z.array(z.string()),
  icmp: z.array(z.string()),
  deprecated: z.string().optional().meta({ description: "present (possibly empty) when the entry deprecates the image: the reason" }),
  isReplacedBy: z.string().optional(),
  replaces: z.string().optional(),
  isVersionOf: z.string().optional(),
  foreign: z.array(foreignElementSchema),
});

const certificateSummarySchema = z.strictObject({
  subject: z.string(),
  issuer: z.string(),
  emails: z.array(z.string()),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  publicKeySha256: z.string().meta({ description: "SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex" }),
  keyType: z.string(),
  keyBits: z.number().int().optional(),
  signatureAlgorithm: z.string(),
  selfSigned: z.boolean(),
  pem: z.string(),
});

export const signatureSummarySchema = z.strictObject({
  canonicalization: z.string(),
  signatureMethod: z.string(),
  digestMethod: z.string(),
  referenceCanonicalization: z.string(),
  description: z.string().meta({ description: 'readable algorithm names, e.g. "RSA-SHA256, SHA-256, exclusive C14N"' }),
  weak: z.boolean().meta({ description: "SHA-1 based: verifies, but should be re-signed with the modern profile" }),
  certificate: certificateSummarySchema,
});

export const trustEvaluationSchema = z.strictObject({
  label: trustLabelSchema,
  reason: z.string(),
  checkedAt: z.string().meta({ description: "the instant the certificate was evaluated for (the endorsement time), ISO 8601" }),
  chainsToAnchor: z.boolean(),
  anchorSubject: z.string().optional(),
  selfSigned: z.boolean(),
  validAt: z.boolean(),
});

/** The integrity monitor's last check of one web location (lib/entries/integrity.ts). */
export const locationCheckSchema = z.strictObject({
  location: z.string(),
  outcome: z.enum(LOCATION_OUTCOMES),
  httpStatus: z.number().int().optional(),
  bytes: z.string().optional().meta({ description: "uncompressed bytes received and hashed, decimal" }),
  detail: z.string().meta({ description: "what was found, in words" }),
  checkedAt: z.string().meta({ description: "ISO 8601" }),
  verifiedAt: z.string().optional().meta({ description: "the last check that verified this location, ISO 8601" }),
});

/** One card of the listing. */
export const entrySummarySchema = z.strictObject({
  ...entryKeySchema.shape,
  title: z.string().optional(),
  os: z.string().optional(),
  osVersion: z.string().optional(),
  osArch: z.string().optional(),
  kind: z.string().optional(),
  description: z.string().optional(),
  tag: z.string().optional().meta({ description: "dcterms:alternative" }),
  valid: z.string().optional().meta({ description: "yyyy-MM-ddTHH:mm:ssZ" }),
  deprecated: z.string().optional(),
  status: z
    .enum(STATUSES)
    .optional()
    .meta({ description: "absent for entries without dcterms:valid (never listed, but reachable by key)" }),
  locations: z.array(z.string()),
  bytes: z.string().meta({ description: "size of the uncompressed image in bytes (decimal string)" }),
  format: z.string().optional(),
  endorserName: z.string().meta({ description: "common name of the certificate subject, else the subject" }),
  trust: trustLabelSchema,
  certificateFingerprint: z.string(),
  latest: z.boolean().meta({ description: "the entry is the newest for its identifier and email" }),
  integrity: z
    .strictObject({
      status: z.enum(INTEGRITY_STATUSES),
      checkedAt: z.string().meta({ description: "the last check, ISO 8601" }),
    })
    .optional()
    .meta({ description: "the integrity monitor's verdict over the web locations; absent until checked" }),
});

/** The entry page ("More..."): what the data layer reads for one key. */
export const entryDetailSchema = z.strictObject({
  ...entrySummarySchema.shape,
  metadata: metadataEntrySchema,
  signature: signatureSummarySchema,
  trustEvaluation: trustEvaluationSchema,
  uploadedAt: z.string().meta({ description: "ISO 8601" }),
  xmlBytes: z.number().int().meta({ description: "size of the stored (signed) XML in bytes" }),
  locationChecks: z.array(locationCheckSchema).meta({ description: "the integrity monitor's last check of each web location" }),
});

/** `GET /api/v1/entries/{identifier}/{email}/{created}`: the entry and every entry of its image. */
export const entryReplySchema = z.strictObject({
  ...entryDetailSchema.shape,
  related: z.array(entrySummarySchema).meta({ description: "every entry of the same image" }),
});

/** `GET /api/v1/entries`. */
export const listPageSchema = z.strictObject({
  items: z.array(entrySummarySchema),
  total: z.number().int().meta({ description: "entries matching all filters" }),
  totalUnfiltered: z.number().int().meta({ description: "latest entries with the status filter only" }),
  page: z.number().int(),
  pageSize: z.number().int(),
  nextCursor: z.string().optional().meta({ description: "keyset cursor of the next page, if any" }),
});
