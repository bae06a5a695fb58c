/**
 * Issuing X.509 certificates with @peculiar/x509: a CA, or an endorser's certificate (RSA 2048,
 * digitalSignature + nonRepudiation, email subjectAltName) issued by a CA or self-signed. Used for the
 * demo appliances; it is what the original's generate-self-signed-certificate.sh did with keytool.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createPublicKey, generateKeyPair, randomBytes, webcrypto, type KeyObject } from "node:crypto";
import { parseCertificate, type CertificateInfo } from "./certificate";
import type { SigningCredentials } from "./credentials";

const crypto = webcrypto as unknown as Crypto;
const SIGNING = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

export interface IssuedIdentity extends SigningCredentials {
  certPem: string;
}

export interface IssueOptions {
  /** RFC 2253 order, most specific first, e.g. `CN=Jane Tester,O=Example,C=EU`. */
  subject: string;
  email?: string;
  ca?: boolean;
  /** Omitted: self-signed. */
  issuer?: IssuedIdentity;
  notBefore: Date;
  notAfter: Date;
  keyBits?: number;
}

export async function issueCertificate(options: IssueOptions): Promise<IssuedIdentity> {
  x509.cryptoProvider.set(crypto);
  const privateKey = await new Promise<KeyObject>((resolve, reject) =>
    generateKeyPair("rsa", { modulusLength: options.keyBits ?? 2048 }, (error, _pub, key) => (error ? reject(error) : resolve(key))),
  );
  const keys = await webCryptoKeys(privateKey);
  const issuerKeys = options.issuer ? await webCryptoKeys(options.issuer.privateKey) : keys;
  const subject = new x509.Name(new x509.Name(options.subject).toJSON().reverse());
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(Boolean(options.ca), undefined, true),
    new x509.KeyUsagesExtension(
      options.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuerKeys.publicKey),
  ];
  if (options.email) extensions.push(new x509.SubjectAlternativeNameExtension([{ type: "email", value: options.email }]));
  const serial = randomBytes(8);
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString("hex"),
    subject,
    issuer: options.issuer ? new x509.X509Certificate(options.issuer.certificate.der).subjectName : subject,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    publicKey: keys.publicKey,
    signingKey: issuerKeys.signingKey,
    signingAlgorithm: SIGNING,
    extensions,
  });
  const info: CertificateInfo = parseCertificate(new Uint8Array(certificate.rawData));
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certificate: info,
    certPem: `${certificate.toString("pem")}\n`,
    chain: options.issuer ? [options.issuer.certificate] : [],
  };
}

async function webCryptoKeys(privateKey: KeyObject): Promise<{ signingKey: CryptoKey; publicKey: CryptoKey }> {
  const pkcs8 = privateKey.export({ type: "pkcs8", format: "der" });
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return {
    signingKey: await crypto.subtle.importKey("pkcs8", pkcs8, SIGNING, true, ["sign"]),
    publicKey: await crypto.subtle.importKey("spki", spki, SIGNING, true, ["verify"]),
  };
}
