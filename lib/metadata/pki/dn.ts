/**
 * Distinguished names rendered exactly as Java's `X500Principal.getName()` (OpenJDK
 * `X500Name.getRFC2253Name()` / `AVA.toRFC2253String`). The original signer wrote these strings into
 * `slreq:subject` / `slreq:issuer` and the validator compares them byte for byte, so the rendering
 * must reproduce Java's quirks rather than RFC 4514 best practice.
 */
import { decodeName, type NameAttribute } from "./name-schema";

/** The only attribute types Java names by keyword in RFC 2253 form; everything else is a dotted OID. */
export const RFC2253_KEYWORDS: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "STREET",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "0.9.2342.19200300.100.1.25": "DC",
  "0.9.2342.19200300.100.1.1": "UID",
};

/** Tags Java treats as strings (`AVA.isDerString(value, false)`); others are printed as #hex. */
const STRING_TAGS: ReadonlySet<number> = new Set([
  0x13, // PrintableString
  0x14, // T61String / TeletexString
  0x16, // IA5String
  0x1b, // GeneralString
  0x1e, // BMPString
  0x0c, // UTF8String
]);

const ESCAPED_CHARACTERS = ',=+<>#;"\\';

// Java decodes the content octets of every string type as UTF-8 (even BMPString and T61String), with
// replacement characters for malformed input and without dropping a leading byte order mark.
const javaUtf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

export function javaRfc2253(nameDer: Uint8Array | ArrayBuffer): string {
  return decodeName(nameDer)
    .reverse()
    .map((rdn) => rdn.map(renderAttribute).join("+"))
    .join(",");
}

function renderAttribute(attribute: NameAttribute): string {
  const keyword = RFC2253_KEYWORDS[attribute.oid];
  if (keyword === undefined || !STRING_TAGS.has(attribute.tag) || attribute.content === undefined) {
    return `${keyword ?? attribute.oid}=#${Buffer.from(attribute.encoded).toString("hex")}`;
  }
  return `${keyword}=${escapeValue(javaUtf8.decode(attribute.content))}`;
}

function escapeValue(value: string): string {
  let escaped = "";
  for (const char of value) {
    if (ESCAPED_CHARACTERS.includes(char)) escaped += `\\${char}`;
    else if (char === "\u0000") escaped += "\\00";
    else escaped += char;
  }
  // Java finds leading and trailing blanks on the already-escaped text and backslashes each one.
  const isBlank = (c: string | undefined) => c === " " || c === "\r";
  let lead = 0;
  while (lead < escaped.length && isBlank(escaped[lead])) lead++;
  let trail = escaped.length - 1;
  while (trail >= 0 && isBlank(escaped[trail])) trail--;
  let result = "";
  for (let i = 0; i < escaped.length; i++) {
    if (i < lead || i > trail) result += "\\";
    result += escaped[i];
  }
  return result;
}
