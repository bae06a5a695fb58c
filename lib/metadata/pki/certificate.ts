/**
 * One parsed X.509 certificate with everything the signature, endorser and trust checks need.
 * Parsing never refuses weak certificates (1024-bit keys, MD5 signatures): the reference documents
 * carry such certificates, and deciding what to accept is the policy's job.
 */
import { createHash, X509Certificate, type KeyObject } from "node:crypto";
import * as pkijs from "pkijs";
import { javaRfc2253 } from "./dn";
import { signatureAlgorithmName } from "./signature-algorithms";

export interface CertificateInfo {
  der: Uint8Array<ArrayBuffer>;
  pem: string;
  /** Java RFC 2253 form, as written in `slreq:subject`. */
  subject: string;
  /** Java RFC 2253 form, as written in `slreq:issuer`. */
  issuer: string;
  /** rfc822Name subjectAltNames in order; the original signer used the first. */
  emails: string[];
  /** Lowercase hex of the DER integer without leading zeros (a negative serial stays two's complement). */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Uppercase hex pairs joined by ":" (openssl style). */
  fingerprintSha256: string;
  /**
   * Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. It identifies the key rather than the
   * certificate: a renewed or re-issued certificate for the same key has another fingerprint but
   * the same publicKeySha256, so "who holds this key" can be asked across certificates.
   */
  publicKeySha256: string;
  publicKey: KeyObject;
  /** Node's `asymmetricKeyType`: "rsa", "rsa-pss", "ec", "dsa", "ed25519", ... */
  keyType: string;
  /** RSA modulus length in bits. */
  keyBits?: number;
  /** OpenSSL long name such as "sha256WithRSAEncryption", else the dotted OID. */
  signatureAlgorithm: string;
  /** basicConstraints cA. */
  isCA: boolean;
  /** Subject and issuer names are the same. */
  selfIssued: boolean;
  /** Self-issued, and the signature verifies with the certificate's own key. */
  selfSigned: boolean;
}

export class CertificateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CertificateError";
  }
}

const SUBJECT_ALT_NAME = "2.5.29.17";
const RFC822_NAME = 1;

// The same few endorser certificates appear in thousands of documents; parsing is the costly part.
const CACHE_LIMIT = 256;
const cache = new Map<string, CertificateInfo>();

/** Parses a DER certificate; the result is shared between callers and must not be modified. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  const key = createHash("sha256").update(der).digest("hex");
  const cached = cache.get(key);
  if (cached !== undefined) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const info = Object.freeze(parseUncached(new Uint8Array(der)));
  cache.set(key, info);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return info;
}

function parseUncached(der: Uint8Array<ArrayBuffer>): CertificateInfo {
  const { node, asn1 } = decode(der);
  const subjectDer = new Uint8Array(asn1.subject.valueBeforeDecode);
  const issuerDer = new Uint8Array(asn1.issuer.valueBeforeDecode);
  const subject = javaRfc2253(subjectDer);
  const issuer = javaRfc2253(issuerDer);
  const selfIssued = subject === issuer || Buffer.from(subjectDer).equals(issuerDer);
  const publicKey = node.publicKey;
  const keyBits = publicKey.asymmetricKeyDetails?.modulusLength;
  return {
    der,
    pem: node.toString(),
    subject,
    issuer,
    emails: Object.freeze(rfc822Names(asn1)) as string[],
    serialNumber: serialHex(asn1.serialNumber.valueBlock.valueHexView),
    notBefore: asn1.notBefore.value,
    notAfter: asn1.notAfter.value,
    fingerprintSha256: node.fingerprint256,
    publicKeySha256: createHash("sha256")
      .update(publicKey.export({ type: "spki", format: "der" }))
      .digest("hex"),
    publicKey,
    keyType: publicKey.asymmetricKeyType ?? "unknown",
    ...(keyBits === undefined || !publicKey.asymmetricKeyType?.startsWith("rsa") ? {} : { keyBits }),
    signatureAlgorithm: signatureAlgorithmName(asn1.signatureAlgorithm.algorithmId),
    isCA: node.ca,
    selfIssued,
    selfSigned: selfIssued && verifiesWithOwnKey(node),
  };
}

function decode(der: Uint8Array<ArrayBuffer>): { node: X509Certificate; asn1: pkijs.Certificate } {
  // Node also accepts PEM text; insisting on a SEQUENCE tag keeps this a DER-only entry point.
  if (der.length === 0 || der[0] !== 0x30) throw invalidCertificate();
  let node: X509Certificate;
  let asn1: pkijs.Certificate;
  try {
    node = new X509Certificate(der);
    asn1 = pkijs.Certificate.fromBER(der);
  } catch (error) {
    throw invalidCertificate(error);
  }
  // Trailing bytes after the certificate would be ignored by both parsers but are not DER.
  if (!Buffer.from(node.raw).equals(der)) throw invalidCertificate();
  return { node, asn1 };
}

function invalidCertificate(cause?: unknown): CertificateError {
  return new CertificateError("the X509Certificate is not a valid DER certificate", { cause });
}

function rfc822Names(certificate: pkijs.Certificate): string[] {
  const extension = certificate.extensions?.find((e) => e.extnID === SUBJECT_ALT_NAME);
  const altNames = extension?.parsedValue instanceof pkijs.AltName ? extension.parsedValue.altNames : [];
  return altNames.filter((name) => name.type === RFC822_NAME && typeof name.value === "string").map((name) => name.value as string);
}

export function serialHex(integerContent: Uint8Array): string {
  return Buffer.from(integerContent)
    .toString("hex")
    .replace(/^0+(?=.)/, "");
}

function verifiesWithOwnKey(certificate: X509Certificate): boolean {
  try {
    return certificate.verify(certificate.publicKey);
  } catch {
    return false;
  }
}
