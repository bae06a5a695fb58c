/**
 * Reading PKCS#12 files with node-forge: OpenSSL 3 defaults (PBES2 / AES-256-CBC / PBKDF2 with an
 * HMAC-SHA-256 MAC) and legacy files (3DES and RC2-40 with a SHA-1 MAC) alike. No Node built-ins:
 * the wizard opens PKCS#12 files in the browser with this same code (lib/browser-sign).
 */
import forge from "node-forge";
import { CredentialsError, WRONG_PASSWORD_MESSAGE } from "./credentials-error";

export interface Pkcs12Key {
  /** PKCS#8 PrivateKeyInfo. */
  der: Uint8Array;
  localKeyId?: string;
}

export interface Pkcs12Certificate {
  der: Uint8Array;
  localKeyId?: string;
}

/** Keys and certificates in file order. */
export interface Pkcs12Contents {
  keys: Pkcs12Key[];
  certificates: Pkcs12Certificate[];
}

const KEY_BAGS = new Set([forge.pki.oids.keyBag, forge.pki.oids.pkcs8ShroudedKeyBag]);
const MAC_FAILURE = /MAC could not be verified/;
const DECRYPTION_FAILURE = /decrypt/i;

export function readPkcs12(data: Uint8Array, password: string): Pkcs12Contents {
  const bags = decryptBags(data, password);
  const contents: Pkcs12Contents = { keys: [], certificates: [] };
  for (const bag of bags) {
    const localKeyId = firstLocalKeyId(bag);
    const id = localKeyId === undefined ? {} : { localKeyId };
    if (KEY_BAGS.has(bag.type)) {
      // forge only models RSA keys; other key types arrive as the raw PrivateKeyInfo.
      const info = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
      contents.keys.push({ der: toBytes(info), ...id });
    } else if (bag.type === forge.pki.oids.certBag) {
      // certificateToAsn1 reuses the parsed TBSCertificate, so the DER is the one in the file.
      const certificate = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
      contents.certificates.push({ der: toBytes(certificate), ...id });
    }
  }
  return contents;
}

function decryptBags(data: Uint8Array, password: string): forge.pkcs12.Bag[] {
  try {
    return bagsOf(forge.pkcs12.pkcs12FromAsn1(parseDer(data), false, password));
  } catch (error) {
    if (!isAscii(password) && !MAC_FAILURE.test(messageOf(error)) && DECRYPTION_FAILURE.test(messageOf(error))) {
      return decryptWithUtf8Password(data, password);
    }
    throw asCredentialsError(error);
  }
}

/**
 * OpenSSL derives PBES2 keys from the UTF-8 bytes of the password but the MAC key from its BMPString,
 * while forge uses one string for both. The MAC has just been verified with the Unicode password, so
 * the contents are decrypted a second time, without the MAC, from the UTF-8 bytes.
 */
function decryptWithUtf8Password(data: Uint8Array, password: string): forge.pkcs12.Bag[] {
  try {
    const pfx = parseDer(data);
    if (Array.isArray(pfx.value)) pfx.value = pfx.value.slice(0, 2);
    return bagsOf(forge.pkcs12.pkcs12FromAsn1(pfx, false, forge.util.encodeUtf8(password)));
  } catch (error) {
    throw asCredentialsError(error);
  }
}

function parseDer(data: Uint8Array): forge.asn1.Asn1 {
  try {
    return forge.asn1.fromDer(forge.util.createBuffer(forge.util.binary.raw.encode(data)));
  } catch (error) {
    throw new CredentialsError("unreadable", "error loading certificate (not a PKCS#12 file)", { cause: error });
  }
}

function bagsOf(pfx: forge.pkcs12.Pkcs12Pfx): forge.pkcs12.Bag[] {
  return pfx.safeContents.flatMap((contents) => contents.safeBags);
}

function asCredentialsError(error: unknown): CredentialsError {
  if (error instanceof CredentialsError) return error;
  const message = messageOf(error);
  if (MAC_FAILURE.test(message) || DECRYPTION_FAILURE.test(message)) {
    return new CredentialsError("wrong_password", WRONG_PASSWORD_MESSAGE, { cause: error });
  }
  return new CredentialsError("unreadable", `error loading certificate (${message})`, { cause: error });
}

function firstLocalKeyId(bag: forge.pkcs12.Bag): string | undefined {
  const ids: unknown = bag.attributes?.localKeyId;
  const first = Array.isArray(ids) ? ids[0] : undefined;
  return typeof first === "string" ? forge.util.bytesToHex(first) : undefined;
}

function toBytes(asn1: forge.asn1.Asn1): Uint8Array {
  return forge.util.binary.raw.decode(forge.asn1.toDer(asn1).getBytes());
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
