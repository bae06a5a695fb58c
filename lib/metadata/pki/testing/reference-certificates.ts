/**
 * The certificates of the signed StratusLab reference documents, with the endorser strings the
 * Java signer wrote next to them. Test-only: reads the fixtures directory synchronously.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const STRATUSLAB_FIXTURES = path.resolve(import.meta.dirname, "../../__fixtures__/stratuslab");

export interface ReferenceCertificate {
  /** Path relative to the fixtures directory, e.g. `client/manifest-invalid-sha1.xml`. */
  file: string;
  /** The first X509Certificate of the document. */
  der: Uint8Array<ArrayBuffer>;
  /** Text of the first `subject` / `issuer` / `email` element, whatever its prefix. */
  subject: string;
  issuer: string;
  email: string;
}

export function referenceCertificates(): ReferenceCertificate[] {
  return signedFixtureFiles().map((file) => {
    const xml = readFileSync(path.join(STRATUSLAB_FIXTURES, file), "utf8");
    const certificate = /<(?:\w+:)?X509Certificate>([^<]*)</.exec(xml)?.[1];
    if (certificate === undefined) throw new Error(`${file}: no X509Certificate`);
    return {
      file,
      der: new Uint8Array(Buffer.from(certificate.replace(/\s+/g, ""), "base64")),
      subject: firstElementText(xml, "subject", file),
      issuer: firstElementText(xml, "issuer", file),
      email: firstElementText(xml, "email", file),
    };
  });
}

export function signedFixtureFiles(): string[] {
  return readdirSync(STRATUSLAB_FIXTURES, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".xml"))
    .filter((file) => readFileSync(path.join(STRATUSLAB_FIXTURES, file), "utf8").includes("X509Certificate>"))
    .sort();
}

function firstElementText(xml: string, localName: string, file: string): string {
  const match = new RegExp(`<(?:\\w+:)?${localName}>([^<]*)</`).exec(xml);
  if (match?.[1] === undefined) throw new Error(`${file}: no ${localName} element`);
  return decodeXmlText(match[1]);
}

function decodeXmlText(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(parseInt(decimal, 10)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
