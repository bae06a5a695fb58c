/**
 * The attack catalogue of the security guide (section 3): each crafted document is refused with a
 * specific problem code, or, where the guide says it must be accepted, accepted with the right reading.
 */
import { execFileSync } from "node:child_process";
import { createHash, createPublicKey } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectMetadata, type InspectOptions } from "../inspect";
import { loadTrustStore } from "../pki/trust";
import { createTestLeaf } from "../pki/testing/test-pki";
import { signMetadata } from "../signature/sign";
import {
  JANE,
  SIGNING_TIME,
  UNSIGNED_ENTRY,
  credentialsOf,
  endorsedEntry,
  signRaw,
  testSigners,
  type TestSigners,
} from "./signing-helpers";

let signers: TestSigners;
let modern: string;
let legacy: string;

beforeAll(async () => {
  signers = await testSigners();
  modern = signMetadata(UNSIGNED_ENTRY, credentialsOf(signers.jane), { now: SIGNING_TIME });
  legacy = signMetadata(UNSIGNED_ENTRY, credentialsOf(signers.jane), { now: SIGNING_TIME, profile: "legacy" });
});

async function codes(xml: string, options?: InspectOptions): Promise<string[]> {
  return (await inspectMetadata(xml, options)).problems.map((p) => p.code);
}

function replaceOnce(
  text: string,
  search: string | RegExp,
  replacement: string | ((match: string, ...groups: string[]) => string),
): string {
  const result = text.replace(search, replacement as string);
  if (result === text) throw new Error(`the attack did not apply: ${String(search)} not found`);
  return result;
}

const signatureOf = (xml: string) => /<Signature [\s\S]*<\/Signature>/.exec(xml)![0];

describe("signature attacks", () => {
  it("baseline: both profiles verify", async () => {
    expect(await codes(modern)).toEqual([]);
    expect(await codes(legacy)).toEqual([]);
  });

  it.each([
    ["A2 content modified after signing", (x: string) => replaceOnce(x, "Original title", "Evil title"), "signature.digest_mismatch"],
    [
      "A19 a namespace changed",
      (x: string) => replaceOnce(x, 'xmlns:dcterms="http://purl.org/dc/terms/"', 'xmlns:dcterms="http://evil.example/terms/"'),
      "signature.digest_mismatch|signature.value_mismatch",
    ],
    [
      "signature value altered",
      (x: string) => replaceOnce(x, /<SignatureValue>(.)/, (_m: string, c: string) => `<SignatureValue>${c === "A" ? "B" : "A"}`),
      "signature.value_mismatch",
    ],
    [
      "A4 comment in DigestValue (CVE-2025-29775)",
      (x: string) => replaceOnce(x, "<DigestValue>", "<DigestValue><!--AAAA-->"),
      "signature.unexpected_content",
    ],
    [
      "A5 wrapped second SignedInfo (CVE-2025-29774)",
      (x: string) => replaceOnce(x, "<SignedInfo>", '<Wrapper><SignedInfo><Reference URI="#nope"/></SignedInfo></Wrapper><SignedInfo>'),
      "signature.unexpected_content",
    ],
    ["A6 a second Signature", (x: string) => replaceOnce(x, "</rdf:RDF>", `${signatureOf(x)}</rdf:RDF>`), "signature.multiple"],
    [
      "A7 Signature moved first, Object with an evil title",
      (x: string) => {
        const signature = signatureOf(x).replace(
          "</Signature>",
          '<Object><dcterms:title xmlns:dcterms="http://purl.org/dc/terms/">Evil title</dcterms:title></Object></Signature>',
        );
        return replaceOnce(x.replace(signatureOf(x), ""), /<rdf:Description /, `${signature}<rdf:Description `);
      },
      "signature.misplaced",
    ],
    [
      "Object inside the last Signature",
      (x: string) => replaceOnce(x, "</KeyInfo>", "</KeyInfo><Object>Evil title</Object>"),
      "signature.unexpected_content",
    ],
    [
      "A8 reference to an Id (XSW)",
      (x: string) =>
        replaceOnce(replaceOnce(x, '<Reference URI="">', '<Reference URI="#m1">'), "<rdf:Description ", '<rdf:Description ID="m1" '),
      "signature.reference_uri",
    ],
    ["reference without URI", (x: string) => replaceOnce(x, '<Reference URI="">', "<Reference>"), "signature.reference_uri"],
    [
      "external reference",
      (x: string) => replaceOnce(x, '<Reference URI="">', '<Reference URI="https://evil.example/x.xml">'),
      "signature.reference_uri",
    ],
    [
      "A10 HMAC signature method",
      (x: string) =>
        replaceOnce(
          x,
          /<SignatureMethod Algorithm="[^"]+"\/>/,
          '<SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"/>',
        ),
      "signature.algorithm",
    ],
    [
      "HMACOutputLength truncation",
      (x: string) =>
        replaceOnce(
          x,
          /<SignatureMethod (Algorithm="[^"]+")\/>/,
          "<SignatureMethod $1><HMACOutputLength>8</HMACOutputLength></SignatureMethod>",
        ),
      "signature.algorithm",
    ],
    [
      "A11 MD5 digest",
      (x: string) =>
        replaceOnce(x, /<DigestMethod Algorithm="[^"]+"\/>/, '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#md5"/>'),
      "signature.algorithm",
    ],
    [
      "C14N 1.1",
      (x: string) =>
        replaceOnce(
          x,
          /<CanonicalizationMethod Algorithm="[^"]+"\/>/,
          '<CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>',
        ),
      "signature.algorithm",
    ],
    [
      "InclusiveNamespaces prefix list",
      (x: string) =>
        replaceOnce(
          x,
          /<CanonicalizationMethod (Algorithm="[^"]+")\/>/,
          '<CanonicalizationMethod $1><InclusiveNamespaces xmlns="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="rdf"/></CanonicalizationMethod>',
        ),
      "signature.unexpected_content",
    ],
    [
      "A12 XSLT transform",
      (x: string) => replaceOnce(x, "</Transforms>", '<Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/></Transforms>'),
      "signature.transforms",
    ],
    [
      "XPath transform",
      (x: string) =>
        replaceOnce(
          x,
          "<Transforms>",
          '<Transforms><Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><XPath>not(ancestor-or-self::dsig:Signature)</XPath></Transform>',
        ),
      "signature.transforms",
    ],
    ["no enveloped transform", (x: string) => replaceOnce(x, /<Transforms>[\s\S]*?<\/Transforms>/, ""), "signature.transforms"],
    [
      "A17 empty SignatureValue",
      (x: string) => replaceOnce(x, /<SignatureValue>[^<]*<\/SignatureValue>/, "<SignatureValue></SignatureValue>"),
      "signature.invalid_element",
    ],
    [
      "A18 RetrievalMethod in KeyInfo",
      (x: string) => replaceOnce(x, "<KeyInfo>", '<KeyInfo><RetrievalMethod URI="http://169.254.169.254/key"/>'),
      "signature.key_info",
    ],
    [
      "KeyValue beside the certificate",
      (x: string) =>
        replaceOnce(
          x,
          "</X509Data>",
          "</X509Data><KeyValue><RSAKeyValue><Modulus>AA==</Modulus><Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>",
        ),
      "signature.key_info",
    ],
    ["two certificates", (x: string) => replaceOnce(x, /(<X509Certificate>[^<]+<\/X509Certificate>)/, "$1$1"), "signature.key_info"],
    [
      "a certificate that is not DER",
      (x: string) => replaceOnce(x, /<X509Certificate>[^<]+<\/X509Certificate>/, "<X509Certificate>AAECAwQFBgcICQ==</X509Certificate>"),
      "signature.certificate",
    ],
    [
      "A13 DOCTYPE with an internal entity",
      (x: string) => replaceOnce(x, /^<\?xml[^>]*\?>/, '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY t "Evil">]>'),
      "xml.doctype",
    ],
    [
      "A16 XXE",
      (x: string) => replaceOnce(x, /^<\?xml[^>]*\?>/, '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
      "xml.doctype",
    ],
    [
      "A14 xml-stylesheet before the root",
      (x: string) => replaceOnce(x, /^(<\?xml[^>]*\?>)/, '$1<?xml-stylesheet href="https://evil.example/x.xsl"?>'),
      "xml.processing_instruction",
    ],
    ["PI truncation inside a title", (x: string) => replaceOnce(x, "Original title", "Origina<?x l title?>"), "xml.processing_instruction"],
    ["A15 a trailing second root", (x: string) => `${x}<rdf:RDF/>`, "xml.malformed"],
    ["an undeclared entity", (x: string) => replaceOnce(x, "Original title", "Original&nbsp;title"), "xml.entity_reference"],
  ] as Array<[string, (x: string) => string, string]>)("%s is refused (%s)", async (_name, mutate, code) => {
    for (const signed of [modern, legacy]) {
      const result = await codes(mutate(signed));
      // With inclusive C14N the root's namespaces are part of SignedInfo too, so either check may fail first.
      expect(code.split("|")).toContain(result[0]);
    }
  });

  it("A3 a comment inside a text value: accepted, and read without truncation", async () => {
    for (const signed of [modern, legacy]) {
      const inspection = await inspectMetadata(replaceOnce(signed, "Original title", "Origina<!---->l title"));
      expect(inspection.problems).toEqual([]);
      expect(inspection.entry?.title).toBe("Original title");
    }
  });

  it("A20 whitespace in KeyInfo and SignatureValue: accepted", async () => {
    const spaced = replaceOnce(
      modern,
      /<X509Certificate>([^<]+)<\/X509Certificate>/,
      (_m: string, b64: string) => `<X509Certificate>\n${b64.replace(/(.{64})/g, "$1\n")}\n</X509Certificate>`,
    );
    expect(await codes(replaceOnce(spaced, "<KeyInfo>", "<KeyInfo>\n  "))).toEqual([]);
  });

  it("A21 CRLF line endings: accepted", async () => {
    expect(await codes(modern.replace(/\n/g, "\r\n"))).toEqual([]);
    expect(await codes(legacy.replace(/\n/g, "\r\n"))).toEqual([]);
  });

  it("A1 KeyInfo swap: an attacker's self-signed re-signature is labelled self-signed, never trusted", async () => {
    const tampered = signRaw(endorsedEntry(JANE, JANE).replace("Original title", "Evil title"), signers.mallory);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ca-"));
    fs.writeFileSync(path.join(dir, "ca.pem"), signers.ca.certPem);
    const trustStore = await loadTrustStore({ caDir: dir });
    const open = await inspectMetadata(tampered, { trustStore });
    expect(open.problems).toEqual([]);
    expect(open.trust?.label).toBe("self-signed");
    expect(open.signature?.certificate.fingerprintSha256).not.toBe(signers.jane.certificate.fingerprintSha256);
    const strict = await inspectMetadata(tampered, { trustStore, trustPolicy: "trusted-only" });
    expect(strict.problems.map((p) => p.code)).toEqual(["trust.refused"]);
    // The genuine entry chains to the CA.
    const genuine = await inspectMetadata(modern, { trustStore, trustPolicy: "trusted-only" });
    expect(genuine.problems).toEqual([]);
    expect(genuine.trust?.label).toBe("trusted");
  });

  it("reports the signing key's identity: the same for a renewed certificate of the same key, unlike the fingerprint", async () => {
    const validity = { notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2035-01-01T00:00:00Z") };
    const renewed = await createTestLeaf({
      issuer: signers.ca,
      subject: JANE,
      email: "jane.tester@example.org",
      keyOf: signers.jane,
      ...validity,
    });
    const first = await inspectMetadata(modern);
    const second = await inspectMetadata(signMetadata(UNSIGNED_ENTRY, credentialsOf(renewed), { now: SIGNING_TIME }));
    const attacker = await inspectMetadata(signRaw(endorsedEntry(JANE, JANE), signers.mallory));
    for (const inspection of [first, second, attacker]) expect(inspection.problems).toEqual([]);
    const janeKey = createHash("sha256")
      .update(createPublicKey(signers.jane.privateKey).export({ type: "spki", format: "der" }))
      .digest("hex");
    expect(first.signature?.certificate.publicKeySha256).toBe(janeKey);
    expect(second.signature?.certificate.publicKeySha256).toBe(janeKey);
    expect(second.signature?.certificate.fingerprintSha256).not.toBe(first.signature?.certificate.fingerprintSha256);
    expect(attacker.signature?.certificate.publicKeySha256).not.toBe(janeKey);
  });

  it("refuses an entry whose endorser does not match the signing certificate", async () => {
    const other = await createTestLeaf({ subject: "CN=Mallory,O=Evil", email: "mallory@evil.example" });
    const forged = signRaw(endorsedEntry(JANE, JANE), other);
    const problems = (await inspectMetadata(forged)).problems;
    expect(problems.map((p) => p.code)).toEqual(["endorser.inconsistent", "endorser.inconsistent", "endorser.inconsistent"]);
    expect(problems[0]?.message).toBe(`endorser inconsistency (subject): CN=Mallory,O=Evil != ${JANE}`);
    expect(problems[2]?.message).toBe("endorser inconsistency (email): mallory@evil.example != jane.tester@example.org");
  });

  it("refuses keys other than RSA and RSA keys below the minimum", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/CN=EC",
        "-days",
        "1",
        "-keyout",
        path.join(dir, "k.pem"),
        "-out",
        path.join(dir, "c.pem"),
      ],
      { stdio: "ignore" },
    );
    const ecDer = Buffer.from(fs.readFileSync(path.join(dir, "c.pem"), "utf8").replace(/-----[^-]+-----|\s/g, ""), "base64").toString(
      "base64",
    );
    const withEc = replaceOnce(modern, /<X509Certificate>[^<]+<\/X509Certificate>/, `<X509Certificate>${ecDer}</X509Certificate>`);
    expect(await codes(withEc)).toEqual(["signature.certificate"]);
    const small = await createTestLeaf({ subject: JANE, email: "jane.tester@example.org", keyBits: 1024 });
    const signed = signMetadata(UNSIGNED_ENTRY, credentialsOf(small));
    expect(await codes(signed)).toEqual([]);
    expect(await codes(signed, { minimumRsaBits: 2048 })).toEqual(["signature.weak_key"]);
  });

  it("never reads content from outside the signature's coverage", async () => {
    // Content after the signature (inside the root) would be covered by the digest; outside the root it is refused.
    expect(
      await codes(
        replaceOnce(modern, "</rdf:RDF>", '<dcterms:title xmlns:dcterms="http://purl.org/dc/terms/">x</dcterms:title></rdf:RDF>'),
      ),
    ).toContain("signature.misplaced");
    expect(await codes(`${modern}<!-- trailing comments are harmless -->`)).toEqual([]);
  });
});
