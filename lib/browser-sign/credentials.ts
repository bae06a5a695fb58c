/**
 * A signer's key and certificate opened in the browser, from a PKCS#12 file or PEM files (key and
 * certificate in one file or two), with the password typed into the page. Nothing here sends
 * anything anywhere: the key stays in this tab's memory. The PKCS#12 reader is the CLI's own
 * (lib/metadata/pki/pkcs12.ts, node-forge), so a file opens here exactly when it opens there, with
 * the same messages; the key is then handed to Web Crypto (sign.ts).
 */
import forge from "node-forge";
import { CredentialsError, KEY_MISMATCH_MESSAGE, WRONG_PASSWORD_MESSAGE } from "@/lib/metadata/pki/credentials-error";
import { readPkcs12 } from "@/lib/metadata/pki/pkcs12";

export { CredentialsError } from "@/lib/metadata/pki/credentials-error";

export interface OpenedCredentials {
  /** PKCS#8 PrivateKeyInfo of the RSA key. */
  pkcs8: Uint8Array;
  /** The certificate of that key, PEM: the only part the server sees. */
  certificatePem: string;
}

export interface CredentialFile {
  name: string;
  bytes: Uint8Array;
}

const binary = (bytes: Uint8Array) => forge.util.binary.raw.encode(bytes);
const bytesOf = (text: string) => forge.util.binary.raw.decode(text);
const ONLY_RSA = "only RSA keys can sign metadata";

export function openCredentials(files: readonly CredentialFile[], password: string): OpenedCredentials {
  if (files.length === 0) throw new CredentialsError("unreadable", "choose your PKCS#12 file (.p12, .pfx) or your PEM key and certificate");
  const texts = files.map((file) => new TextDecoder("latin1").decode(file.bytes));
  if (!texts.some((text) => text.includes("-----BEGIN "))) {
    if (files.length > 1) throw new CredentialsError("unreadable", "choose one PKCS#12 file, or PEM files (a key and a certificate)");
    return fromPkcs12(files[0]!.bytes, password);
  }
  return fromPem(texts.join("\n"), password);
}

function fromPkcs12(data: Uint8Array, password: string): OpenedCredentials {
  const contents = readPkcs12(data, password);
  // As the Java signer and the CLI: when several entries hold a key, the last one wins.
  const key = contents.keys.at(-1);
  if (!key) throw new CredentialsError("no_private_key", "no private key found in the PKCS#12 file");
  return matched(
    rsaKey(key.der),
    contents.certificates.map((certificate) => certificate.der),
  );
}

function fromPem(text: string, password: string): OpenedCredentials {
  let blocks: forge.pem.ObjectPEM[];
  try {
    blocks = forge.pem.decode(text);
  } catch (error) {
    throw new CredentialsError("unreadable", `the PEM file cannot be read (${messageOf(error)})`, { cause: error });
  }
  const certificates = blocks.filter((block) => block.type === "CERTIFICATE").map((block) => bytesOf(block.body));
  const keys = blocks.filter((block) => /PRIVATE KEY$/.test(block.type));
  const block = keys.at(-1);
  if (!block) throw new CredentialsError("no_private_key", "no private key found in the PEM files");
  return matched(rsaKey(pkcs8Of(block, password)), certificates);
}

/** Any PEM private key as PKCS#8: plain PKCS#8, an encrypted PKCS#8 (the password), or an RSA PKCS#1 key. */
function pkcs8Of(block: forge.pem.ObjectPEM, password: string): Uint8Array {
  if (block.type === "PRIVATE KEY") return bytesOf(block.body);
  if (block.type === "RSA PRIVATE KEY") {
    if (block.procType?.type === "ENCRYPTED") {
      const key = forge.pki.decryptRsaPrivateKey(forge.pem.encode(block), password);
      if (!key) throw new CredentialsError("wrong_password", WRONG_PASSWORD_MESSAGE);
      return der(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)));
    }
    return der(forge.pki.wrapRsaPrivateKey(forge.asn1.fromDer(block.body)));
  }
  if (block.type === "ENCRYPTED PRIVATE KEY") {
    let info: forge.asn1.Asn1 | null = null;
    try {
      info = forge.pki.decryptPrivateKeyInfo(forge.asn1.fromDer(block.body), password);
    } catch {
      info = null;
    }
    if (!info) throw new CredentialsError("wrong_password", WRONG_PASSWORD_MESSAGE);
    return der(info);
  }
  throw new CredentialsError("unsupported_key", `the private key is an ${block.type.toLowerCase()}; ${ONLY_RSA}`);
}

function rsaKey(pkcs8: Uint8Array): { pkcs8: Uint8Array; modulus: string } {
  let key: forge.pki.rsa.PrivateKey;
  try {
    key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(binary(pkcs8))) as forge.pki.rsa.PrivateKey;
  } catch (error) {
    throw new CredentialsError("unsupported_key", `the private key cannot be used (${messageOf(error)}); ${ONLY_RSA}`, { cause: error });
  }
  if (!key?.n) throw new CredentialsError("unsupported_key", `the private key is not an RSA key; ${ONLY_RSA}`);
  return { pkcs8, modulus: key.n.toString(16) };
}

/** The certificate whose public key is the key's: files often carry the issuers' certificates too. */
function matched(key: { pkcs8: Uint8Array; modulus: string }, certificates: readonly Uint8Array[]): OpenedCredentials {
  if (certificates.length === 0) throw new CredentialsError("no_certificate", "no certificate found beside the private key");
  for (const bytes of certificates) {
    let certificate: forge.pki.Certificate;
    try {
      certificate = forge.pki.certificateFromAsn1(forge.asn1.fromDer(binary(bytes)));
    } catch {
      continue; // not an RSA certificate, so not this key's
    }
    const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
    if (publicKey.n?.toString(16) === key.modulus) {
      return { pkcs8: key.pkcs8, certificatePem: forge.pki.certificateToPem(certificate).replace(/\r\n/g, "\n") };
    }
  }
  throw new CredentialsError("key_mismatch", KEY_MISMATCH_MESSAGE);
}

function der(asn1: forge.asn1.Asn1): Uint8Array {
  return bytesOf(forge.asn1.toDer(asn1).getBytes());
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
