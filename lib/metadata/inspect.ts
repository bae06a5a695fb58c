/**
 * The whole check of one metadata document, in the order the original ran it (signature, then
 * content) but collecting every problem: strict parse, signature shape, cryptography, then schema,
 * constraints and RDF/XML over the signed content only, the endorser against the certificate, and
 * the certificate's trust label. Pure and synchronous apart from the trust evaluation; the server
 * and the CLI run it in worker threads (see inspector.ts).
 */
import { entryKey, type MetadataEntry } from "./model";
import { isWarning, problem, type Problem } from "./problems";
import { checkContent } from "./content/check-content";
import { toRdfJson, type RdfJson } from "./rdf-json";
import { parseStrict } from "./xml/strict-parse";

/** Starts with the original's words ("no signature"), then says what to do. */
export const NO_SIGNATURE = "no signature: sign it with `marketplace sign-metadata`";
import type { ParseLimits } from "./xml/limits";
import { parseMetadataDate } from "./dates";
import { C14N, ALGORITHM_NAMES, isWeak } from "./signature/algorithms";
import { canonicalize } from "./signature/canonicalize";
import { checkEndorser } from "./signature/endorser";
import { findSignature, findSignatureElements, type SignatureParts } from "./signature/structure";
import { verifyCryptography } from "./signature/verify";
import { CertificateError, parseCertificate, type CertificateInfo } from "./pki/certificate";
import { evaluateCertificate, type TrustEvaluation, type TrustStore } from "./pki/trust";
import { describeTrustLabel, isPublishable, type TrustPolicy } from "./pki/trust-policy";

export interface InspectOptions {
  limits?: Partial<ParseLimits>;
  /** Refuse a document without a signature (the server and validate-metadata do); drafts pass false. */
  requireSignature?: boolean;
  trustStore?: TrustStore;
  trustPolicy?: TrustPolicy;
  /** Smallest RSA modulus accepted. The archive holds 1024-bit keys; new signatures use 2048. */
  minimumRsaBits?: number;
  /** Time used when an entry carries no endorsement date (tests fix it). */
  now?: Date;
  /** Also return the RDF/JSON view and the canonical signed XML (the server stores them; the CLI does not need them). */
  include?: { rdfJson?: boolean; signedContent?: boolean };
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  emails: string[];
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo: the same for every certificate of one key. */
  publicKeySha256: string;
  keyType: string;
  keyBits?: number;
  signatureAlgorithm: string;
  selfSigned: boolean;
  pem: string;
}

export interface SignatureSummary {
  canonicalization: string;
  signatureMethod: string;
  digestMethod: string;
  referenceCanonicalization: string;
  /** Readable algorithm names, e.g. "RSA-SHA256, SHA-256, exclusive C14N". */
  description: string;
  /** SHA-1 based: verifies, but should be re-signed with the modern profile. */
  weak: boolean;
  certificate: CertificateSummary;
}

export interface Inspection {
  /** No problems (warnings allowed). */
  valid: boolean;
  /** Everything that makes the document invalid, in the order the checks ran. */
  problems: Problem[];
  /** Reported but not refused. */
  warnings: Problem[];
  entry?: MetadataEntry;
  /** Present when the signature verified. */
  signature?: SignatureSummary;
  trust?: TrustEvaluation;
  /** The canonical XML the signature covers; everything in `entry` was read from it. */
  signedContent?: string;
  rdfJson?: RdfJson;
}

export async function inspectMetadata(input: Uint8Array | string, options: InspectOptions = {}): Promise<Inspection> {
  const parsed = parseStrict(input, options.limits);
  if (!parsed.ok) return { valid: false, problems: [parsed.problem], warnings: [] };
  const { document } = parsed;
  const problems: Problem[] = [];

  const shape = findSignature(document);
  let verified: { parts: SignatureParts; certificate: CertificateInfo; content: string } | undefined;
  if (shape.kind === "absent") {
    if (options.requireSignature !== false) problems.push(problem("signature.missing", NO_SIGNATURE));
  } else if (shape.kind === "invalid") {
    problems.push(shape.problem);
  } else {
    const certificate = readCertificate(shape.parts, options, problems);
    if (certificate) {
      const result = verifyCryptography(document, shape.parts, certificate.publicKey);
      if (result.ok) verified = { parts: shape.parts, certificate, content: result.signedContent };
      else problems.push(result.problem);
    }
  }

  // Unverified content is still checked, so an author sees every problem at once; it is never stored.
  const content =
    verified?.content ?? canonicalize(document.documentElement, C14N, { exclude: findSignatureElements(document), comments: false });
  const checked = checkContent(content);
  problems.push(...checked.problems);
  const { entry } = checked;
  // Content that cannot be read has no entry to check the endorser, date and trust of.
  if (!entry) return finish({ valid: false, problems, warnings: [] });

  const inspection: Inspection = { valid: false, problems, warnings: [], entry };
  if (options.include?.rdfJson) inspection.rdfJson = toRdfJson(checked.quads);
  if (verified) {
    const { parts, certificate } = verified;
    problems.push(...checkEndorser(entry, certificate));
    if (entry.endorsement.endorser && !entryKey(entry)) {
      problems.push(problem("schema.missing", "the signed entry has no endorsement date (dcterms:created in slreq:endorsement)"));
    }
    const at = parseMetadataDate(entry.endorsement.created) ?? options.now ?? new Date();
    const trust = await evaluateCertificate(certificate, { at, store: options.trustStore });
    const policy = options.trustPolicy ?? "open";
    if (!isPublishable(trust.label, policy)) {
      problems.push(
        problem(
          "trust.refused",
          `the signing certificate is ${describeTrustLabel(trust.label)} and this Marketplace accepts only ${policyText(policy)}: ${trust.reason}`,
        ),
      );
    }
    inspection.signature = summarize(parts, certificate);
    inspection.trust = trust;
    if (options.include?.signedContent) inspection.signedContent = verified.content;
  }
  return finish(inspection);
}

/** Splits the collected problems into problems and warnings; valid when no problem is left. */
function finish(inspection: Inspection): Inspection {
  const all = inspection.problems;
  inspection.problems = all.filter((p) => !isWarning(p));
  inspection.warnings = all.filter(isWarning);
  inspection.valid = inspection.problems.length === 0;
  return inspection;
}

function readCertificate(parts: SignatureParts, options: InspectOptions, problems: Problem[]): CertificateInfo | undefined {
  let certificate: CertificateInfo;
  try {
    certificate = parseCertificate(parts.certificateDer);
  } catch (error) {
    const message = error instanceof CertificateError ? error.message : "the X509Certificate in KeyInfo cannot be read";
    problems.push(problem("signature.certificate", message, "Signature/KeyInfo/X509Data/X509Certificate"));
    return undefined;
  }
  if (certificate.keyType !== "rsa") {
    problems.push(
      problem(
        "signature.certificate",
        `the certificate holds a ${certificate.keyType.toUpperCase()} key; only RSA signatures are accepted`,
      ),
    );
    return undefined;
  }
  const minimum = options.minimumRsaBits ?? 1024;
  if ((certificate.keyBits ?? 0) < minimum) {
    problems.push(
      problem("signature.weak_key", `the certificate's RSA key has ${certificate.keyBits} bits; at least ${minimum} are required`),
    );
    return undefined;
  }
  return certificate;
}

function summarize(parts: SignatureParts, certificate: CertificateInfo): SignatureSummary {
  const name = (uri: string) => ALGORITHM_NAMES[uri] ?? uri;
  return {
    canonicalization: parts.canonicalization,
    signatureMethod: parts.signatureMethod,
    digestMethod: parts.digestMethod,
    referenceCanonicalization: parts.referenceCanonicalization,
    description: `${name(parts.signatureMethod)}, ${name(parts.digestMethod)}, ${name(parts.canonicalization)}`,
    weak: isWeak(parts.signatureMethod) || isWeak(parts.digestMethod),
    certificate: {
      subject: certificate.subject,
      issuer: certificate.issuer,
      emails: certificate.emails,
      serialNumber: certificate.serialNumber,
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      fingerprintSha256: certificate.fingerprintSha256,
      publicKeySha256: certificate.publicKeySha256,
      keyType: certificate.keyType,
      ...(certificate.keyBits === undefined ? {} : { keyBits: certificate.keyBits }),
      signatureAlgorithm: certificate.signatureAlgorithm,
      selfSigned: certificate.selfSigned,
      pem: certificate.pem,
    },
  };
}

function policyText(policy: TrustPolicy): string {
  if (policy === "trusted-only") return "certificates from its trusted CAs";
  if (policy === "valid-only") return "certificates valid when the entry was signed";
  return "certificates that are not revoked";
}
