/**
 * Realistic uploads for the data-layer tests, made by the real pipeline: an entry written as
 * build-metadata would, signed by lib/metadata/signature/sign.ts with a test certificate, inspected by
 * inspectMetadata with RDF/JSON, exactly what the upload route hands to storeEntry. Also the
 * reference fixtures of the original Marketplace tests.
 */
import { createHash } from "node:crypto";
import type { EntryKey } from "@/lib/entries/types";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";
import { credentialsOf, testSigners } from "@/lib/metadata/__tests__/signing-helpers";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { inspectMetadata, type Inspection } from "@/lib/metadata/inspect";
import { entryKey } from "@/lib/metadata/model";
import { createTestLeaf, type TestIdentity } from "@/lib/metadata/pki/testing/test-pki";
import { signMetadata } from "@/lib/metadata/signature/sign";

export interface Upload {
  xml: Buffer;
  inspection: Inspection;
  key: EntryKey;
}

export interface EntrySpec {
  /** Any text: the image's SHA-1 is derived from it, and the identifier from that. */
  image: string;
  /** Endorsement date, yyyy-MM-ddTHH:mm:ssZ. */
  created: string;
  /** dcterms:valid; null leaves it out. */
  valid?: string | null;
  /** Endorser email; each email gets its own certificate from the test CA. */
  email?: string;
  title?: string;
  description?: string;
  os?: string;
  osVersion?: string;
  arch?: string;
  kind?: string;
  locations?: string[];
  tag?: string;
  deprecated?: string;
  bytes?: string;
}

export const JANE_EMAIL = "jane.tester@example.org";
const DEFAULT_VALID = "2030-01-01T00:00:00Z";

export function identifierOf(image: string): string {
  return sha1ToIdentifier(sha1Of(image));
}

function sha1Of(image: string): string {
  return createHash("sha1").update(image).digest("hex");
}

const signers = new Map<string, Promise<TestIdentity>>();

/** The certificate of an endorser email: Jane's for jane.tester@example.org, a new leaf of the same CA otherwise. */
export function signerFor(email: string): Promise<TestIdentity> {
  let signer = signers.get(email);
  if (!signer) {
    signer = (async () => {
      const { ca, jane } = await testSigners();
      if (email === JANE_EMAIL) return jane;
      const name = email.split("@")[0]!.replace(/[^A-Za-z0-9 ]/g, " ");
      return createTestLeaf({
        issuer: ca,
        subject: `CN=${name}, OU=Testing Department, O=StratusLab Project, C=EU`,
        email,
        notBefore: new Date("2000-01-01T00:00:00Z"),
        notAfter: new Date("2040-01-01T00:00:00Z"),
      });
    })();
    signers.set(email, signer);
  }
  return signer;
}

export function unsignedEntry(spec: EntrySpec): string {
  const identifier = identifierOf(spec.image);
  const text = (name: string, value: string | undefined) => (value === undefined ? "" : `\n    <${name}>${escapeXml(value)}</${name}>`);
  const locations = (spec.locations ?? [`https://images.example.org/${identifier}.img.gz`])
    .map((l) => text("slterms:location", l))
    .join("");
  const valid = spec.valid === undefined ? DEFAULT_VALID : spec.valid;
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:slterms="http://mp.stratuslab.eu/slterms#" xmlns:slreq="http://mp.stratuslab.eu/slreq#" xml:base="http://mp.stratuslab.eu/">
  <rdf:Description rdf:about="#${identifier}">
    <dcterms:identifier>${identifier}</dcterms:identifier>
    <slreq:bytes>${spec.bytes ?? "1048576"}</slreq:bytes>
    <slreq:checksum rdf:parseType="Resource">
      <slreq:algorithm>SHA-1</slreq:algorithm>
      <slreq:value>${sha1Of(spec.image)}</slreq:value>
    </slreq:checksum>
    <slreq:endorsement rdf:parseType="Resource"/>
    <dcterms:type>base</dcterms:type>${text("slterms:kind", spec.kind ?? "machine")}${text("slterms:os", spec.os ?? "Ubuntu")}${text("slterms:os-version", spec.osVersion ?? "24.04")}${text("slterms:os-arch", spec.arch ?? "x86_64")}${locations}${text("dcterms:valid", valid ?? undefined)}${text("dcterms:title", spec.title)}${text("dcterms:alternative", spec.tag)}${text("dcterms:description", spec.description)}${text("slterms:deprecated", spec.deprecated)}
  </rdf:Description>
</rdf:RDF>
`;
}

export async function signedUpload(spec: EntrySpec, signer?: TestIdentity): Promise<Upload> {
  const identity = signer ?? (await signerFor(spec.email ?? JANE_EMAIL));
  const xml = Buffer.from(signMetadata(unsignedEntry(spec), credentialsOf(identity), { now: new Date(spec.created), email: spec.email }));
  return inspected(xml);
}

/** A reference fixture of lib/metadata/__fixtures__/stratuslab/marketplace. */
export async function fixtureUpload(name: string): Promise<Upload> {
  return inspected(readFixture(`marketplace/${name}`));
}

async function inspected(xml: Buffer): Promise<Upload> {
  const inspection = await inspectMetadata(xml, { include: { rdfJson: true } });
  if (!inspection.valid || !inspection.entry) {
    throw new Error(`test entry is invalid: ${inspection.problems.map((p) => p.message).join("; ")}`);
  }
  const key = entryKey(inspection.entry);
  if (!key) throw new Error("test entry has no key");
  return { xml, inspection, key };
}

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Records the key of `upload` as one that published for its email before key continuity existed
 * (`existing`): the reference fixtures sign one email with several keys, as the original allowed.
 */
export async function admitAsExisting(db: import("../client").Db, upload: Upload): Promise<void> {
  const { certificates, endorserKeys } = await import("../schema");
  const certificate = upload.inspection.signature!.certificate;
  await db
    .insert(certificates)
    .values({
      fingerprint: certificate.fingerprintSha256,
      pem: certificate.pem,
      subject: certificate.subject,
      issuer: certificate.issuer,
      notAfter: new Date(certificate.notAfter),
      publicKeySha256: certificate.publicKeySha256,
    })
    .onConflictDoNothing();
  await db
    .insert(endorserKeys)
    .values({
      email: upload.key.email,
      publicKeySha256: certificate.publicKeySha256,
      admittedBy: "existing",
      firstCertificate: certificate.fingerprintSha256,
    })
    .onConflictDoNothing();
}
