/**
 * Distinguished names for people to read. The exact Java RFC 2253 string (dn.ts) stays what the
 * format signs and compares, but Java prints every attribute it has no keyword for as `OID=#<BER hex>`,
 * so the common `openssl req -subj "/CN=New Comer/emailAddress=..."` certificate reads
 * `1.2.840.113549.1.9.1=#1614...`. This turns such a string into `emailAddress=..., CN=New Comer`:
 * known attribute types by name, BER string values decoded, RFC 2253 escapes removed. Display only:
 * never compare or store its result.
 */
import { RFC2253_KEYWORDS } from "./dn";

/** Attribute types by the names OpenSSL and RFC 4519 use for them. */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  // The keywords of the exact form (CN, O, OU, C, L, ST, STREET, DC, UID), then the names it writes as OIDs.
  ...RFC2253_KEYWORDS,
  "2.5.4.4": "SN",
  "2.5.4.5": "serialNumber",
  "2.5.4.12": "title",
  "2.5.4.13": "description",
  "2.5.4.15": "businessCategory",
  "2.5.4.17": "postalCode",
  "2.5.4.41": "name",
  "2.5.4.42": "GN",
  "2.5.4.43": "initials",
  "2.5.4.44": "generationQualifier",
  "2.5.4.46": "dnQualifier",
  "2.5.4.65": "pseudonym",
  "2.5.4.97": "organizationIdentifier",
  "1.2.840.113549.1.9.1": "emailAddress",
  "1.2.840.113549.1.9.2": "unstructuredName",
};

type Decode = (content: Uint8Array) => string;

const utf8: Decode = (content) => new TextDecoder("utf-8").decode(content);
const utf16be: Decode = (content) => {
  const swapped = new Uint8Array(content.length - (content.length % 2));
  for (let i = 0; i + 1 < content.length; i += 2) [swapped[i], swapped[i + 1]] = [content[i + 1]!, content[i]!];
  return new TextDecoder("utf-16le").decode(swapped);
};
const utf32be: Decode = (content) => {
  let text = "";
  for (let i = 0; i + 3 < content.length; i += 4) {
    const code = ((content[i]! << 24) | (content[i + 1]! << 16) | (content[i + 2]! << 8) | content[i + 3]!) >>> 0;
    text += code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
  }
  return text;
};

/** Universal string tags and how their content octets become text. */
const STRING_DECODERS: ReadonlyMap<number, Decode> = new Map([
  [0x0c, utf8], // UTF8String
  [0x12, utf8], // NumericString
  [0x13, utf8], // PrintableString
  [0x14, utf8], // T61String (in practice ASCII or UTF-8)
  [0x16, utf8], // IA5String
  [0x1a, utf8], // VisibleString
  [0x1b, utf8], // GeneralString
  [0x1c, utf32be], // UniversalString
  [0x1e, utf16be], // BMPString
]);

/** `emailAddress=newcomer@example.net, CN=New Comer` from `1.2.840.113549.1.9.1=#16...,CN=New Comer`. */
export function displayName(rfc2253: string): string {
  return splitUnescaped(rfc2253, ",")
    .map((rdn) => splitUnescaped(rdn, "+").map(displayAttribute).join(" + "))
    .join(", ");
}

function displayAttribute(ava: string): string {
  const equals = ava.indexOf("=");
  if (equals < 0) return noControls(ava.trim());
  const type = ava.slice(0, equals).trim();
  const value = ava.slice(equals + 1).trim();
  const name = ATTRIBUTE_NAMES[type.replace(/^oid\./i, "")] ?? type;
  const text = value.startsWith("#") ? (decodeBerString(value.slice(1)) ?? value) : unescapeValue(value);
  return `${name}=${noControls(text)}`;
}

/** The text of a BER-encoded string value in hex, or undefined when it is not one. */
function decodeBerString(hex: string): string | undefined {
  if (hex.length < 4 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return undefined;
  const bytes = Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));
  const decode = STRING_DECODERS.get(bytes[0]!);
  if (!decode) return undefined;
  let length = bytes[1]!;
  let start = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 3 || bytes.length < 2 + octets) return undefined;
    length = 0;
    for (let i = 0; i < octets; i++) length = (length << 8) | bytes[2 + i]!;
    start = 2 + octets;
  }
  if (start + length !== bytes.length) return undefined;
  return decode(bytes.subarray(start));
}

/**
 * The first CN of a certificate subject (a Java RFC 2253 string, most specific first), unescaped; none
 * when the subject has no CN in text form. The one reading of a DN's CN (endorser names, demo data).
 */
export function commonName(subject: string): string | undefined {
  for (const rdn of splitUnescaped(subject, ",")) {
    for (const ava of splitUnescaped(rdn, "+")) {
      const equals = ava.indexOf("=");
      if (equals < 0 || ava.slice(0, equals).trim().toUpperCase() !== "CN") continue;
      const value = ava.slice(equals + 1).trim();
      if (value.startsWith("#")) continue;
      const name = unescapeValue(value).trim();
      if (name) return name;
    }
  }
  return undefined;
}

/** The display name of an endorser (reference section 5.3): the first CN of the certificate subject, else the whole subject. */
export function endorserName(subject: string): string {
  return commonName(subject) ?? subject;
}

/** RFC 2253 value escapes removed: `\,` and friends, `\XX` hex pairs (UTF-8), surrounding quotes. */
export function unescapeValue(value: string): string {
  const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return unquoted
    .replace(/(?:\\[0-9A-Fa-f]{2})+/g, (run) =>
      new TextDecoder("utf-8").decode(Uint8Array.from(run.slice(1).split("\\"), (pair) => parseInt(pair, 16))),
    )
    .replace(/\\(.)/gs, "$1");
}

/** Control characters would render as nothing or move the text; show them as replacement characters. */
function noControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "\ufffd");
}

/** `text` split at `separator`s that are neither escaped nor inside quotes (RDNs at `,`, AVAs at `+`). */
export function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === separator && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}
