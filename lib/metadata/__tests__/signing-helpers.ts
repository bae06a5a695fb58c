/** Test identities, credentials and entries shared by the signature tests. */
import { SignedXml } from "xml-crypto";
import type { SigningCredentials } from "../pki/credentials";
import * as algorithms from "../signature/algorithms";
import { MarketplaceSignedXml } from "../signature/signed-xml";
import { createTestCa, createTestLeaf, type TestIdentity } from "../pki/testing/test-pki";

export const JANE = "CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU";

export function credentialsOf(identity: TestIdentity): SigningCredentials {
  return { privateKey: identity.privateKey, privateKeyPem: identity.keyPem, certificate: identity.certificate, chain: [] };
}

export interface TestSigners {
  ca: TestIdentity;
  /** Issued by `ca`, with an email subjectAltName. */
  jane: TestIdentity;
  /** Self-signed, same subject DN as jane: what an attacker can make. */
  mallory: TestIdentity;
}

let signers: Promise<TestSigners> | undefined;

export function testSigners(): Promise<TestSigners> {
  signers ??= (async () => {
    // Fixed validity so the fixed signing times of the tests fall inside it whatever today is.
    const validity = { notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2035-01-01T00:00:00Z") };
    const ca = await createTestCa(validity);
    const jane = await createTestLeaf({ issuer: ca, subject: JANE, email: "jane.tester@example.org", ...validity });
    const mallory = await createTestLeaf({ subject: JANE, email: "jane.tester@example.org", ...validity });
    return { ca, jane, mallory };
  })();
  return signers;
}

/** A realistic unsigned entry, as build-metadata writes it, with a comment and an empty endorsement. */
export const UNSIGNED_ENTRY = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:dcterms="http://purl.org/dc/terms/"
    xmlns:slterms="http://mp.stratuslab.eu/slterms#"
    xmlns:slreq="http://mp.stratuslab.eu/slreq#"
    xml:base="http://mp.stratuslab.eu/">
  <!-- built by marketplace build-metadata -->
  <rdf:Description rdf:about="#MMZu9WvwKIro-rtBQfDk4PsKO7_">
    <dcterms:identifier>MMZu9WvwKIro-rtBQfDk4PsKO7_</dcterms:identifier>
    <slreq:bytes>100</slreq:bytes>
    <slreq:checksum rdf:parseType="Resource">
      <slreq:algorithm>SHA-1</slreq:algorithm>
      <slreq:value>c319bbd5afc0a22ba3eaed0507c39383ec28eeff</slreq:value>
    </slreq:checksum>
    <slreq:endorsement rdf:parseType="Resource"/>
    <dcterms:type>base</dcterms:type>
    <slterms:kind>machine</slterms:kind>
    <slterms:os>Ubuntu</slterms:os>
    <slterms:os-version>24.04</slterms:os-version>
    <slterms:os-arch>x86_64</slterms:os-arch>
    <slterms:location>https://images.example.org/ubuntu-24.04.img.gz</slterms:location>
    <dcterms:valid>2027-05-25T12:00:00Z</dcterms:valid>
    <dcterms:title>Original title</dcterms:title>
    <dcterms:description>Ubuntu &amp; friends &lt;server&gt; "edition"</dcterms:description>
  </rdf:Description>
</rdf:RDF>
`;

export const SIGNING_TIME = new Date("2026-11-20T10:00:00Z");

/**
 * Signs a document as it is, without regenerating the endorsement: how an attacker, or another
 * signing tool, can produce a cryptographically valid signature over any content.
 */
export function signRaw(xml: string, identity: TestIdentity, profile: "modern" | "legacy" = "modern"): string {
  const { SIGNING_PROFILES, ENVELOPED, EXC_C14N } = algorithms;
  const chosen = SIGNING_PROFILES[profile];
  const signer = new MarketplaceSignedXml({
    privateKey: identity.privateKey,
    publicCert: identity.certPem,
    canonicalizationAlgorithm: chosen.canonicalization,
    signatureAlgorithm: chosen.signatureMethod,
    getKeyInfoContent: SignedXml.getKeyInfoContent,
  });
  signer.addReference({
    xpath: "/*",
    isEmptyUri: true,
    transforms: profile === "modern" ? [ENVELOPED, EXC_C14N] : [ENVELOPED],
    digestAlgorithm: chosen.digestMethod,
  });
  signer.computeSignature(xml.replace(/^<\?xml[^>]*\?>\s*/, ""), { location: { reference: "/*", action: "append" } });
  return signer.getSignedXml();
}

/** UNSIGNED_ENTRY with the endorsement filled for `subject`/`issuer`, ready for signRaw. */
export function endorsedEntry(
  subject: string,
  issuer: string,
  email = "jane.tester@example.org",
  created = "2026-11-20T10:00:00Z",
): string {
  return UNSIGNED_ENTRY.replace(
    '<slreq:endorsement rdf:parseType="Resource"/>',
    `<slreq:endorsement rdf:parseType="Resource"><dcterms:created>${created}</dcterms:created><slreq:endorser rdf:parseType="Resource"><slreq:email>${email}</slreq:email><slreq:subject>${subject}</slreq:subject><slreq:issuer>${issuer}</slreq:issuer></slreq:endorser></slreq:endorsement>`,
  );
}
