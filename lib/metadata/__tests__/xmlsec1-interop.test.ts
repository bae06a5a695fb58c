/**
 * Interoperability with xmlsec1 (libxml2 + OpenSSL), the reference verifier of the guide, both ways,
 * in both signing profiles; and a differential check of our verifier against xml-crypto's own
 * SignedXml.checkSignature on every genuinely signed reference file.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import { inspectMetadata } from "../inspect";
import { NS } from "../namespaces";
import { loadTrustStore, type TrustStore } from "../pki/trust";
import {
  C14N_WITH_COMMENTS,
  ENVELOPED,
  EXC_C14N,
  RSA_SHA1,
  RSA_SHA256,
  SHA1,
  SHA256,
  SIGNING_PROFILES,
  type SigningProfileName,
} from "../signature/algorithms";
import { signMetadata } from "../signature/sign";
import { MarketplaceSignedXml } from "../signature/signed-xml";
import { listFixtures, readFixture } from "./fixtures";
import { JANE, UNSIGNED_ENTRY, credentialsOf, endorsedEntry, testSigners, type TestSigners } from "./signing-helpers";

let work: string;
let signers: TestSigners;
let trustStore: TrustStore;

beforeAll(async () => {
  const version = spawnSync("xmlsec1", ["--version"], { encoding: "utf8" });
  if (version.status !== 0) throw new Error("xmlsec1 is required (Debian package xmlsec1); the test command installs it");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "xmlsec1-"));
  signers = await testSigners();
  fs.writeFileSync(path.join(work, "ca.pem"), signers.ca.certPem);
  fs.writeFileSync(path.join(work, "jane.key"), signers.jane.keyPem);
  fs.writeFileSync(path.join(work, "jane.pem"), signers.jane.certPem);
  fs.mkdirSync(path.join(work, "anchors"));
  fs.writeFileSync(path.join(work, "anchors", "ca.pem"), signers.ca.certPem);
  trustStore = await loadTrustStore({ caDir: path.join(work, "anchors") });
});

function xmlsecVerify(file: string): { ok: boolean; output: string } {
  const result = spawnSync(
    "xmlsec1",
    [
      "--verify",
      "--trusted-pem",
      path.join(work, "ca.pem"),
      "--enabled-reference-uris",
      "empty",
      "--enabled-key-data",
      "x509",
      "--store-references",
      file,
    ],
    { encoding: "utf8" },
  );
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** What xmlsec1 digested for the reference: the oracle for our canonical signed content. */
function preDigest(output: string): string {
  const match = /== PreDigest data - start buffer:\n([\s\S]*?)\n== PreDigest data - end buffer/.exec(output);
  if (!match) throw new Error(`no PreDigest data in xmlsec1 output:\n${output}`);
  return match[1] as string;
}

const PROFILES: SigningProfileName[] = ["modern", "legacy"];

describe("xmlsec1 interoperability", () => {
  it.each(PROFILES)("xmlsec1 verifies what we sign with the %s profile, over the same bytes", async (profile) => {
    const signed = signMetadata(UNSIGNED_ENTRY, credentialsOf(signers.jane), { profile });
    const file = path.join(work, `ours-${profile}.xml`);
    fs.writeFileSync(file, signed);
    const result = xmlsecVerify(file);
    expect(result.output).toContain("OK");
    expect(result.ok).toBe(true);
    const inspection = await inspectMetadata(signed, { include: { signedContent: true } });
    expect(inspection.signedContent).toBe(preDigest(result.output));
  });

  it.each(PROFILES)("we verify what xmlsec1 signs with the %s profile", async (profile) => {
    const algorithms = SIGNING_PROFILES[profile];
    const transforms = profile === "modern" ? [ENVELOPED, EXC_C14N] : [ENVELOPED];
    const template = endorsedEntry(JANE, signers.jane.certificate.issuer).replace(
      "</rdf:RDF>",
      `<Signature xmlns="${NS.ds}"><SignedInfo><CanonicalizationMethod Algorithm="${algorithms.canonicalization}"/>` +
        `<SignatureMethod Algorithm="${algorithms.signatureMethod}"/><Reference URI=""><Transforms>` +
        transforms.map((t) => `<Transform Algorithm="${t}"/>`).join("") +
        `</Transforms><DigestMethod Algorithm="${algorithms.digestMethod}"/><DigestValue/></Reference></SignedInfo>` +
        `<SignatureValue/><KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature></rdf:RDF>`,
    );
    const templateFile = path.join(work, `template-${profile}.xml`);
    const signedFile = path.join(work, `xmlsec1-${profile}.xml`);
    fs.writeFileSync(templateFile, template);
    execFileSync("xmlsec1", [
      "--sign",
      "--privkey-pem",
      `${path.join(work, "jane.key")},${path.join(work, "jane.pem")}`,
      "--output",
      signedFile,
      templateFile,
    ]);
    const signed = fs.readFileSync(signedFile);
    const inspection = await inspectMetadata(signed, { trustStore, trustPolicy: "trusted-only", include: { signedContent: true } });
    expect(inspection.problems).toEqual([]);
    expect(inspection.trust?.label).toBe("trusted");
    expect(inspection.signature).toMatchObject(
      profile === "modern"
        ? { signatureMethod: RSA_SHA256, digestMethod: SHA256, canonicalization: EXC_C14N }
        : { signatureMethod: RSA_SHA1, digestMethod: SHA1, canonicalization: C14N_WITH_COMMENTS },
    );
    expect(inspection.signedContent).toBe(preDigest(xmlsecVerify(signedFile).output));
    // And a change xmlsec1 did not sign is caught.
    const tampered = signed.toString().replace("Original title", "Altered title");
    expect((await inspectMetadata(tampered)).problems.map((p) => p.code)).toEqual(["signature.digest_mismatch"]);
  });

  it("xmlsec1 and we agree on every genuinely signed reference file", async () => {
    const signedFiles = listFixtures().filter((f) => readFixture(f).includes("<SignatureValue>"));
    expect(signedFiles.length).toBeGreaterThanOrEqual(14);
    for (const file of signedFiles) {
      const ours = await inspectMetadata(readFixture(file), { include: { signedContent: true } });
      const theirs = spawnSync(
        "xmlsec1",
        ["--verify", "--insecure", "--store-references", path.join(import.meta.dirname, "../__fixtures__/stratuslab", file)],
        { encoding: "utf8" },
      );
      const xmlsecOk = theirs.status === 0;
      expect({ file, ok: ours.signature !== undefined }).toEqual({ file, ok: xmlsecOk });
      if (xmlsecOk) expect(ours.signedContent).toBe(preDigest(`${theirs.stdout}${theirs.stderr}`));
    }
  });
});

describe("differential check against xml-crypto's checkSignature", () => {
  it("agrees on validity and on the signed content for every signed fixture and both profiles", async () => {
    const documents = [
      ...listFixtures()
        .filter((f) => readFixture(f).includes("<SignatureValue>"))
        .map((f) => readFixture(f).toString()),
      signMetadata(UNSIGNED_ENTRY, credentialsOf(signers.jane)),
      signMetadata(UNSIGNED_ENTRY, credentialsOf(signers.jane), { profile: "legacy" }),
    ];
    for (const xml of documents) {
      const ours = await inspectMetadata(xml, { include: { signedContent: true } });
      const document = new DOMParser().parseFromString(xml, "text/xml");
      const signatures = document.getElementsByTagNameNS(NS.ds, "Signature");
      if (signatures.length !== 1) {
        expect(ours.signature).toBeUndefined();
        continue;
      }
      const certificate = signatures[0]!.getElementsByTagNameNS(NS.ds, "X509Certificate")[0]!.textContent!;
      const reference = new MarketplaceSignedXml({
        publicCert: `-----BEGIN CERTIFICATE-----\n${certificate.replace(/\s+/g, "")}\n-----END CERTIFICATE-----\n`,
        getCertFromKeyInfo: () => null,
      });
      reference.loadSignature(signatures[0] as never);
      let valid: boolean;
      try {
        valid = reference.checkSignature(xml);
      } catch {
        valid = false;
      }
      expect(ours.signature !== undefined).toBe(valid);
      if (valid) expect(ours.signedContent).toBe(reference.getSignedReferences()[0]);
    }
  });
});
