/**
 * One inspected upload turned into the rows that store it: the parsed `entries` columns and the
 * `entry_documents` row. Pure (no database), so the bulk loader of tests and benchmarks prepares rows
 * the same way as an upload.
 */
import { createHash } from "node:crypto";
import type { EntryKey } from "@/lib/entries/types";
import { isWebLocation } from "@/lib/entries/status";
import { AppError } from "@/lib/errors";
import { invalidMetadata } from "@/lib/entries/upload-messages";
import type { Inspection } from "@/lib/metadata/inspect";
import { endorserName } from "@/lib/metadata/pki/display-name";
import type { TrustLabel } from "@/lib/metadata/pki/trust";
import { entryKey } from "@/lib/metadata/model";
import { parseMetadataDate } from "@/lib/metadata/dates";
import type { CertificateRow, NewEntryDocumentRow, NewEntryRow } from "./schema";

export interface PreparedEntry {
  key: EntryKey;
  /** Without `latest`: storing decides it. */
  entry: Omit<NewEntryRow, "id" | "latest" | "search">;
  document: Omit<NewEntryDocumentRow, "entryId">;
  certificate: CertificateRow;
  /** What key continuity decides on (db/key-continuity.ts). */
  signingKey: { publicKeySha256: string; emails: string[]; trustLabel: TrustLabel };
}

const PDISK_LOCATION = /^pdisk/i;

export function prepareEntry(xml: Uint8Array, inspection: Inspection, options: { uploadedAt?: Date } = {}): PreparedEntry {
  const { entry, signature, trust, rdfJson } = inspection;
  // Callers refuse an invalid document in the protocol's words before they get here (the upload, the
  // bulk loader of valid fixtures): an invalid inspection here is a bug in the caller, not the user's.
  if (!inspection.valid || !entry || !signature || !trust) {
    throw new AppError("internal", "prepareEntry needs a valid inspection with its entry, signature and trust evaluation", {
      problems: inspection.problems,
    });
  }
  if (!rdfJson) throw new AppError("internal", "the inspection has no RDF/JSON (inspect with include: { rdfJson: true })");
  const key = entryKey(entry);
  const endorser = entry.endorsement.endorser;
  const created = key && parseMetadataDate(key.created);
  if (!key || !endorser || !created) throw invalidMetadata("the entry has no endorser email or endorsement date");
  const valid = entry.valid === undefined ? null : (parseMetadataDate(entry.valid) ?? null);
  if (entry.valid !== undefined && valid === null) throw invalidMetadata(`dcterms:valid is not a date: ${entry.valid}`);

  const locations = entry.locations;
  const { pem, ...certificate } = signature.certificate;
  return {
    key,
    entry: {
      identifier: key.identifier,
      email: key.email,
      created,
      valid,
      deprecated: entry.deprecated ?? null,
      title: entry.title ?? null,
      description: entry.description ?? null,
      os: entry.os ?? null,
      osVersion: entry.osVersion ?? null,
      osArch: entry.osArch ?? null,
      kind: entry.kind ?? null,
      type: entry.type ?? null,
      tag: entry.alternative ?? null,
      locations,
      webLocation: locations.length === 0 || locations.some(isWebLocation),
      pdiskLocation: locations.some((l) => PDISK_LOCATION.test(l)),
      bytes: entry.bytes,
      format: entry.format ?? null,
      compression: entry.compression ?? null,
      version: entry.version ?? null,
      creator: entry.creator ?? null,
      publisher: entry.publisher ?? null,
      hypervisor: entry.hypervisor ?? null,
      checksums: entry.checksums,
      endorserSubject: endorser.subject,
      endorserIssuer: endorser.issuers[0] ?? "",
      endorserName: endorserName(endorser.subject),
      certificateFingerprint: signature.certificate.fingerprintSha256,
      trustLabel: trust.label,
      trustReason: trust.reason,
      xmlSha256: createHash("sha256").update(xml).digest("hex"),
      xmlBytes: xml.byteLength,
      ...(options.uploadedAt ? { uploadedAt: options.uploadedAt } : {}),
    },
    document: { xml, rdfJson, metadata: entry, signature: { ...signature, certificate }, trust },
    certificate: {
      fingerprint: certificate.fingerprintSha256,
      pem,
      subject: certificate.subject,
      issuer: certificate.issuer,
      notAfter: new Date(certificate.notAfter),
      publicKeySha256: certificate.publicKeySha256,
    },
    signingKey: { publicKeySha256: certificate.publicKeySha256, emails: certificate.emails, trustLabel: trust.label },
  };
}
