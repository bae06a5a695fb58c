/**
 * Certification path validation (RFC 5280 via pkijs) from a leaf to one of the configured anchors,
 * through untrusted intermediates supplied with the document.
 */
import * as pkijs from "pkijs";
import type { CertificateInfo } from "./certificate";
import { isIssuedBy } from "./issued-by";
import { pkijsCertificate, ensurePkijsEngine } from "./pkijs-objects";

export type ChainResult =
  { valid: true; /** The leaf first, the anchor last. */ path: CertificateInfo[] } | { valid: false; message: string };

/** Algorithms WebCrypto cannot verify, so pkijs never builds a path through such a signature. */
const UNVERIFIABLE_ALGORITHMS = new Set(["md2WithRSAEncryption", "md5WithRSAEncryption"]);

export async function validateChain(
  leaf: CertificateInfo,
  anchors: CertificateInfo[],
  intermediates: CertificateInfo[],
  at: Date,
): Promise<ChainResult> {
  if (anchors.length === 0) return { valid: false, message: "no CA certificates are configured" };
  // pkijs cannot express a path of one certificate; the leaf's validity is checked by the caller.
  if (anchors.some((anchor) => anchor.fingerprintSha256 === leaf.fingerprintSha256)) return { valid: true, path: [leaf] };

  const byCertificate = new Map<pkijs.Certificate, CertificateInfo>();
  const toPkijs = (info: CertificateInfo) => {
    const certificate = pkijsCertificate(info);
    byCertificate.set(certificate, info);
    return certificate;
  };
  const known = new Set([leaf.fingerprintSha256, ...anchors.map((anchor) => anchor.fingerprintSha256)]);
  const untrusted = uniqueBy(intermediates, (c) => c.fingerprintSha256).filter((c) => !known.has(c.fingerprintSha256));

  ensurePkijsEngine();
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: anchors.map(toPkijs),
    // pkijs takes the LAST certificate of `certs` as the one to validate.
    certs: [...untrusted.map(toPkijs), toPkijs(leaf)],
    checkDate: at,
  });
  const result = await engine.verify();
  if (result.result && result.certificatePath !== undefined) {
    const path = result.certificatePath.map((certificate) => byCertificate.get(certificate));
    if (path.every((info): info is CertificateInfo => info !== undefined)) return { valid: true, path };
    return { valid: false, message: "the validated path holds an unexpected certificate" };
  }
  return { valid: false, message: failureMessage(leaf, [...anchors, ...untrusted], result.resultMessage) };
}

/** pkijs says only "No valid certificate paths found" when the leaf's own signature is the problem. */
function failureMessage(leaf: CertificateInfo, candidates: CertificateInfo[], pkijsMessage: string): string {
  const namedIssuers = candidates.filter((candidate) => candidate.subject === leaf.issuer);
  if (namedIssuers.length > 0) {
    if (!namedIssuers.some((issuer) => isIssuedBy(leaf, issuer))) {
      return `its signature does not verify with the key of the CA named ${leaf.issuer}`;
    }
    if (UNVERIFIABLE_ALGORITHMS.has(leaf.signatureAlgorithm)) {
      return `its ${leaf.signatureAlgorithm} signature is not accepted for a chain of trust`;
    }
  }
  return pkijsMessage.replace(/\.$/, "");
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
