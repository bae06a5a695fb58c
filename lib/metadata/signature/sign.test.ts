import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { inspectMetadata } from "../inspect";
import { prepareDeprecation } from "../deprecate";
import { readFixture } from "../__tests__/fixtures";
import { JANE, SIGNING_TIME, UNSIGNED_ENTRY, credentialsOf, testSigners } from "../__tests__/signing-helpers";
import { createTestLeaf } from "../pki/testing/test-pki";
import { C14N_WITH_COMMENTS, ENVELOPED, EXC_C14N, RSA_SHA1, RSA_SHA256, SHA1, SHA256 } from "./algorithms";
import { createSign } from "node:crypto";
import { prepareMetadataSignature, SIGNATURE_VALUE_PLACEHOLDER, signMetadata } from "./sign";

describe("signing", () => {
  it("signs with the modern profile by default and the result verifies", async () => {
    const { jane } = await testSigners();
    const signed = signMetadata(UNSIGNED_ENTRY, credentialsOf(jane), { now: SIGNING_TIME });
    const inspection = await inspectMetadata(signed);
    expect(inspection.problems).toEqual([]);
    expect(inspection.signature).toMatchObject({
      signatureMethod: RSA_SHA256,
      digestMethod: SHA256,
      canonicalization: EXC_C14N,
      weak: false,
    });
    expect(signed).toContain(`<Transform Algorithm="${ENVELOPED}"/><Transform Algorithm="${EXC_C14N}"/>`);
    expect(inspection.entry?.endorsement).toEqual({
      created: "2026-11-20T10:00:00Z",
      endorser: { email: "jane.tester@example.org", subject: JANE, issuers: [jane.certificate.issuer] },
    });
  });

  it("signs exactly like the Java signer with the legacy profile", async () => {
    const { jane } = await testSigners();
    const signed = signMetadata(UNSIGNED_ENTRY, credentialsOf(jane), { profile: "legacy", now: SIGNING_TIME });
    expect(signed.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?><rdf:RDF')).toBe(true);
    expect(signed).toContain(`<CanonicalizationMethod Algorithm="${C14N_WITH_COMMENTS}"/>`);
    expect(signed).toContain(`<SignatureMethod Algorithm="${RSA_SHA1}"/>`);
    expect(signed).toContain(`<Transforms><Transform Algorithm="${ENVELOPED}"/></Transforms><DigestMethod Algorithm="${SHA1}"/>`);
    expect(signed).toMatch(
      /<Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">[\s\S]*<KeyInfo><X509Data><X509Certificate>[A-Za-z0-9+/=\s]+<\/X509Certificate><\/X509Data><\/KeyInfo><\/Signature><\/rdf:RDF>$/,
    );
    const inspection = await inspectMetadata(signed);
    expect(inspection.problems).toEqual([]);
    expect(inspection.signature).toMatchObject({ signatureMethod: RSA_SHA1, digestMethod: SHA1, weak: true });
  });

  it("keeps the text exactly, escaping included, and covers it with the signature", async () => {
    const { jane } = await testSigners();
    const inspection = await inspectMetadata(signMetadata(UNSIGNED_ENTRY, credentialsOf(jane)));
    expect(inspection.entry?.description).toBe('Ubuntu & friends <server> "edition"');
    expect(inspection.entry?.title).toBe("Original title");
  });

  it("re-signing regenerates the endorsement and replaces the old signature", async () => {
    const { jane } = await testSigners();
    const once = signMetadata(UNSIGNED_ENTRY, credentialsOf(jane), { now: new Date("2026-01-01T00:00:00Z") });
    const twice = signMetadata(once, credentialsOf(jane), { now: new Date("2026-02-02T00:00:00Z") });
    expect(twice.match(/<Signature /g)).toHaveLength(1);
    expect(twice.match(/endorser/g)).toHaveLength(2);
    const inspection = await inspectMetadata(twice);
    expect(inspection.problems).toEqual([]);
    expect(inspection.entry?.endorsement.created).toBe("2026-02-02T00:00:00Z");
  });

  it("leaves exactly one, freshly filled endorsement (partial-multiple-endorsements.xml)", async () => {
    const { jane } = await testSigners();
    const signed = signMetadata(readFixture("metadata/partial-multiple-endorsements.xml"), credentialsOf(jane));
    expect(signed.match(/endorsement /g)).toHaveLength(1);
    expect(signed).not.toContain("2011-01-24T09:59:42Z</dcterms:created");
  });

  it("strips every existing signature (partial-multiple-signatures.xml)", async () => {
    const { jane } = await testSigners();
    const signed = signMetadata(readFixture("metadata/partial-multiple-signatures.xml"), credentialsOf(jane));
    expect(signed.match(/<Signature /g)).toHaveLength(1);
    expect((await inspectMetadata(signed)).problems).toEqual([]);
  });

  it("fills an endorsement that was empty (autogen-endorsement-done.xml) and replaces one that was not", async () => {
    const { jane } = await testSigners();
    const done = signMetadata(readFixture("metadata/autogen-endorsement-done.xml"), credentialsOf(jane));
    expect(done).toMatch(
      /<slreq:endorsement rdf:parseType="Resource"><dcterms:created>|<slreq:endorsement rdf:parseType="Resource"><created xmlns="http:\/\/purl.org\/dc\/terms\/">/,
    );
    // The Java signer clears the endorsement before filling it, so stale content never survives signing.
    const notDone = signMetadata(readFixture("metadata/autogen-endorsement-not-done.xml"), credentialsOf(jane));
    expect(notDone).not.toContain("ex:marker");
    expect(notDone).toContain("<slreq:email>jane.tester@example.org</slreq:email>");
    // dcterms is not declared there: the element carries its namespace, as the Java signer wrote it.
    expect(notDone).toMatch(/<created xmlns="http:\/\/purl.org\/dc\/terms\/">\d{4}-/);
  });

  it("takes the email from the certificate, else from the option, else refuses", async () => {
    const noEmail = await createTestLeaf({ subject: "CN=Grid User,O=Example" });
    expect(() => signMetadata(UNSIGNED_ENTRY, credentialsOf(noEmail))).toThrow(
      "cannot generate slreq:endorsement; email address not in cert or not provided",
    );
    expect(() => signMetadata(UNSIGNED_ENTRY, credentialsOf(noEmail), { email: "not-an-address" })).toThrow(
      "invalid email address: not-an-address",
    );
    const signed = signMetadata(UNSIGNED_ENTRY, credentialsOf(noEmail), { email: "grid.user@example.org" });
    const inspection = await inspectMetadata(signed);
    expect(inspection.problems).toEqual([]);
    expect(inspection.entry?.endorsement.endorser?.email).toBe("grid.user@example.org");
  });

  it("refuses a document without an endorsement element, as the Java signer did", async () => {
    const { jane } = await testSigners();
    const noEndorsement = UNSIGNED_ENTRY.replace('<slreq:endorsement rdf:parseType="Resource"/>', "");
    expect(() => signMetadata(noEndorsement, credentialsOf(jane))).toThrow("document must contain exactly 1 slreq:endorsement element");
    try {
      signMetadata("<rdf:RDF", credentialsOf(jane));
    } catch (error) {
      expect(AppError.is(error) && error.code).toBe("unparseable_metadata");
    }
  });

  it("prepares a deprecation that signs into a valid deprecated entry", async () => {
    const { jane } = await testSigners();
    const current = signMetadata(UNSIGNED_ENTRY, credentialsOf(jane), { now: new Date("2026-01-01T00:00:00Z") });
    const deprecated = signMetadata(prepareDeprecation(current, "security issue"), credentialsOf(jane), {
      now: new Date("2026-03-01T00:00:00Z"),
    });
    const inspection = await inspectMetadata(deprecated);
    expect(inspection.problems).toEqual([]);
    expect(inspection.warnings).toEqual([]);
    expect(inspection.entry?.deprecated).toBe("security issue");
    expect(inspection.entry?.endorsement.created).toBe("2026-03-01T00:00:00Z");
    // Deprecating twice keeps one slterms:deprecated, with the new reason.
    const again = prepareDeprecation(deprecated, "still broken");
    expect(again.match(/deprecated>/g)).toHaveLength(2);
    expect(again).toContain("still broken");
  });

  it("prepares a signature for a key held elsewhere that completes to signMetadata's exact bytes", async () => {
    const { jane } = await testSigners();
    const credentials = credentialsOf(jane);
    for (const [profile, hash] of [
      ["modern", "RSA-SHA256"],
      ["legacy", "RSA-SHA1"],
    ] as const) {
      const prepared = prepareMetadataSignature(UNSIGNED_ENTRY, credentials.certificate, { profile, now: SIGNING_TIME });
      expect(prepared.signatureMethod).toBe(profile === "modern" ? RSA_SHA256 : RSA_SHA1);
      expect(prepared.xml.split(SIGNATURE_VALUE_PLACEHOLDER)).toHaveLength(2);
      expect(prepared.xml).not.toContain("the key is not here");
      const value = createSign(hash).update(prepared.signedInfo).sign(credentials.privateKey, "base64");
      const completed = prepared.xml.replace(SIGNATURE_VALUE_PLACEHOLDER, value);
      expect(completed, profile).toBe(signMetadata(UNSIGNED_ENTRY, credentials, { profile, now: SIGNING_TIME }));
      expect((await inspectMetadata(completed)).problems).toEqual([]);
      // The placeholder itself, or any other value, does not verify.
      expect((await inspectMetadata(prepared.xml)).problems).not.toEqual([]);
    }
  });
});
