/**
 * The signer's private key and certificate, from a PKCS#12 file (as the Java signer) or from PEM
 * files (as openssl users have them).
 *
 * Only RSA keys can sign: every signature method the Marketplace writes or the original verifier
 * reads is RSA (rsa-sha1, rsa-sha256, rsa-sha512). Other keys are refused here, with a clear message,
 * rather than at signing time.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { CertificateError, parseCertificate, type CertificateInfo } from "./certificate";
import { CredentialsError, KEY_MISMATCH_MESSAGE, noPrivateKey, WRONG_PASSWORD_MESSAGE } from "./credentials-error";
import { issuerChain } from "./issued-by";
import { pemBlocks } from "./pem";
import { readPkcs12, type Pkcs12Certificate } from "./pkcs12";

export { CredentialsError, type CredentialsProblem } from "./credentials-error";

export interface SigningCredentials {
  privateKey: KeyObject;
  /** PKCS#8, unencrypted. */
  privateKeyPem: string;
  certificate: CertificateInfo;
  /** The certificate's issuers found alongside it, nearest first; the certificate itself excluded. */
  chain: CertificateInfo[];
}

const PKCS12_FILE = "the PKCS#12 file";
const KEY_FILE = "the key file";
// Non-RSA labels are listed so that such keys are refused as non-RSA, not reported as missing.
const PRIVATE_KEY_LABELS = new Set(["PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY"]);

/** Like the Java signer, when several entries hold a key, the last one wins. */
export function loadPkcs12(data: Uint8Array, password: string): SigningCredentials {
  const contents = readPkcs12(data, password);
  const entry = contents.keys[contents.keys.length - 1];
  if (entry === undefined) throw noPrivateKey(PKCS12_FILE);
  const privateKey = rsaOnly(readPkcs8Key(entry.der), PKCS12_FILE);
  const certificates = contents.certificates.map((c) => ({ ...c, info: parseStoredCertificate(c, PKCS12_FILE) }));
  const [first] = certificates;
  if (first === undefined) throw new CredentialsError("no_certificate", `no certificate found in ${PKCS12_FILE}`);
  const byKeyId = certificates.find((c) => entry.localKeyId !== undefined && c.localKeyId === entry.localKeyId);
  const certificate = byKeyId ?? certificates.find((c) => keyMatches(privateKey, c.info)) ?? first;
  return assemble(
    privateKey,
    certificate.info,
    certificates.map((c) => c.info),
  );
}

/** The key may be PKCS#1, PKCS#8 or encrypted; the certificate file may hold a chain in any order. */
export function loadPem(keyPem: string, certPem: string, passphrase?: string): SigningCredentials {
  if (!pemBlocks(keyPem).some((block) => PRIVATE_KEY_LABELS.has(block.label))) throw noPrivateKey(KEY_FILE);
  const privateKey = rsaOnly(readPemKey(keyPem, passphrase), KEY_FILE);
  const certificates = pemBlocks(certPem)
    .filter((block) => block.label === "CERTIFICATE")
    .map((block) => parseStoredCertificate({ der: block.der }, "the certificate file"));
  const [first] = certificates;
  if (first === undefined) throw new CredentialsError("no_certificate", "no certificate found in the certificate file");
  return assemble(privateKey, certificates.find((c) => keyMatches(privateKey, c)) ?? first, certificates);
}

function assemble(privateKey: KeyObject, certificate: CertificateInfo, all: CertificateInfo[]): SigningCredentials {
  if (!keyMatches(privateKey, certificate)) throw new CredentialsError("key_mismatch", KEY_MISMATCH_MESSAGE);
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certificate,
    chain: issuerChain(certificate, all),
  };
}

function readPkcs8Key(der: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" });
  } catch (error) {
    throw new CredentialsError("unreadable", `error loading the private key in ${PKCS12_FILE}`, { cause: error });
  }
}

function readPemKey(keyPem: string, passphrase: string | undefined): KeyObject {
  const encrypted = isEncryptedPemKey(keyPem);
  if (encrypted && passphrase === undefined) {
    throw new CredentialsError("wrong_password", "the private key is encrypted; a passphrase is required");
  }
  try {
    return createPrivateKey(passphrase === undefined ? { key: keyPem, format: "pem" } : { key: keyPem, format: "pem", passphrase });
  } catch (error) {
    // A wrong passphrase shows as "bad decrypt" or, when the padding happens to check out, as a decoding error.
    if (encrypted) throw new CredentialsError("wrong_password", WRONG_PASSWORD_MESSAGE, { cause: error });
    throw new CredentialsError("unreadable", "error loading the private key (not a valid PEM key)", { cause: error });
  }
}

function isEncryptedPemKey(keyPem: string): boolean {
  return keyPem.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----") || /^Proc-Type:\s*4,\s*ENCRYPTED/m.test(keyPem);
}

function rsaOnly(key: KeyObject, where: string): KeyObject {
  if (key.asymmetricKeyType !== "rsa") {
    throw new CredentialsError(
      "unsupported_key",
      `the private key in ${where} is ${key.asymmetricKeyType ?? "of an unknown type"}; only RSA keys can sign metadata`,
    );
  }
  return key;
}

function parseStoredCertificate(certificate: Pick<Pkcs12Certificate, "der">, where: string): CertificateInfo {
  try {
    return parseCertificate(certificate.der);
  } catch (error) {
    if (error instanceof CertificateError) {
      throw new CredentialsError("unreadable", `${where} holds an invalid certificate`, { cause: error });
    }
    throw error;
  }
}

function keyMatches(privateKey: KeyObject, certificate: CertificateInfo): boolean {
  const fromKey = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return fromKey.equals(certificate.publicKey.export({ type: "spki", format: "der" }));
}
