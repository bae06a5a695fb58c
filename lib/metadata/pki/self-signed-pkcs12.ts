/**
 * A newcomer's signing identity (`marketplace create-certificate`): a self-signed certificate with
 * CN=<name> and the email as an rfc822Name subjectAltName, an RSA 3072 key (the XML signer signs
 * with RSA only: RSA-SHA256, or RSA-SHA1 for the original server; it has no ECDSA), in a PKCS#12
 * protected by a password (PBES2 with AES-256, as OpenSSL 3 writes by default), which sign-metadata
 * reads as it reads any other (./pkcs12.ts).
 */
import forge from "node-forge";
import type { CertificateInfo } from "./certificate";
import { issueCertificate } from "./issue-certificate";

export const SELF_SIGNED_KEY_BITS = 3072;

export interface SelfSignedOptions {
  name: string;
  email: string;
  days: number;
  password: string;
  now?: Date;
}

export interface SelfSignedPkcs12 {
  p12: Uint8Array;
  certificate: CertificateInfo;
  certPem: string;
}

/** RFC 4514 escaping of an attribute value, so a name with a comma stays one CN. */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, "\\ ");
}

export async function createSelfSignedPkcs12(options: SelfSignedOptions): Promise<SelfSignedPkcs12> {
  const now = options.now ?? new Date();
  // A few minutes back: a signer whose clock is slightly ahead of the verifier's is not "not yet valid".
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const notAfter = new Date(now.getTime() + options.days * 86_400_000);
  const identity = await issueCertificate({
    subject: `CN=${escapeDnValue(options.name)}`,
    email: options.email,
    notBefore,
    notAfter,
    keyBits: SELF_SIGNED_KEY_BITS,
  });
  const key = forge.pki.privateKeyFromPem(identity.privateKeyPem);
  const certificate = forge.pki.certificateFromPem(identity.certPem);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [certificate], options.password, {
    algorithm: "aes256",
    count: 100_000,
    generateLocalKeyId: true,
    friendlyName: options.name,
  });
  const der = forge.asn1.toDer(asn1).getBytes();
  return { p12: new Uint8Array(Buffer.from(der, "binary")), certificate: identity.certificate, certPem: identity.certPem };
}
