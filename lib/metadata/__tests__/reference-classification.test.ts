/**
 * Every StratusLab reference file is classified as its README and the reference say: valid files pass,
 * each invalid one is refused for its documented reason (first problem, with the original message where
 * the original had one), genuinely signed ones verify, the broken signatures fail.
 */
import { describe, expect, it } from "vitest";
import { inspectMetadata } from "../inspect";
import { listFixtures, readFixture } from "./fixtures";

// Unsigned entries whose content must pass schema, constraints and RDF.
const VALID_CONTENT = [
  "metadata/valid-minimal.xml",
  "metadata/valid-minimal-empty-endorsement.xml",
  "metadata/valid-minimal-leading-zero-sha1.xml",
  "metadata/valid-full.xml",
  "metadata/valid-full-alt-cimi.xml",
  "marketplace/valid.xml",
  "client/hackers-full.xml",
];

// Genuinely signed files: the signature verifies and the entry is valid.
const SIGNED = [
  "metadata/valid-full-signature.xml",
  "metadata/valid-ca-signed.xml",
  "marketplace/invalid-special-characters-signature.xml",
  "marketplace/valid-alternative-deprecated-signed.xml",
  "marketplace/valid-alternative-newid.xml",
  "marketplace/valid-alternative.xml",
  "marketplace/valid-ca-signed.xml",
  "marketplace/valid-expired-signature.xml",
  "marketplace/valid-indate-deprecated-signature.xml",
  "marketplace/valid-indate-newer-signature.xml",
  "marketplace/valid-indate-older-signature.xml",
  "marketplace/valid-indate-signature.xml",
  "marketplace/valid-two-locations.xml",
  "client/manifest-invalid-sha1.xml",
];

// Invalid content: [file, code of the first problem, text the message must contain].
const INVALID: Array<[string, string, string]> = [
  ["metadata/invalid-no-content.xml", "schema.description", "rdf:RDF must contain one rdf:Description"],
  ["metadata/invalid-no-xml-base.xml", "schema.xml_base", "xml:base"],
  [
    "metadata/invalid-bad-xml-base.xml",
    "constraint.xml_base",
    "root element must have xml:base attribute with value http://mp.stratuslab.eu/",
  ],
  ["metadata/invalid-bad-about-id.xml", "schema.about", 'found "#MMZu9WvwKIro-rtBQ"'],
  ["metadata/invalid-bad-element-for-signature.xml", "schema.unexpected", "rdf:Description is not allowed here"],
  ["metadata/invalid-bad-checksum-parsetype.xml", "schema.parse_type", 'slreq:checksum has rdf:parseType="BAD"'],
  ["metadata/invalid-bad-endorsement-parsetype.xml", "schema.parse_type", 'slreq:endorsement has rdf:parseType="BAD"'],
  ["metadata/invalid-bad-endorser-parsetype.xml", "schema.parse_type", 'slreq:endorser has rdf:parseType="BAD"'],
  ["metadata/invalid-checksum-value.xml", "schema.value", 'slreq:value must be a hexadecimal digest, found "XYZ"'],
  ["metadata/invalid-email.xml", "schema.value", 'found "jane.tester_at_example.org"'],
  ["metadata/invalid-no-endorsement.xml", "schema.missing", "rdf:Description has no slreq:endorsement"],
  ["metadata/invalid-no-endorser.xml", "schema.order", "dcterms:created followed by slreq:endorser"],
  ["metadata/invalid-bad-serial-number.xml", "schema.value", 'slterms:serial-number must be a non-negative integer, found "X"'],
  [
    "metadata/invalid-bad-inbound-port.xml",
    "schema.value",
    'slterms:inbound-port must be a port number from 0 to 65535 (0 for all ports), found "65536"',
  ],
  [
    "metadata/invalid-bad-outbound-port.xml",
    "schema.value",
    'slterms:outbound-port must be a port number from 0 to 65535 (0 for all ports), found "65536"',
  ],
  ["metadata/invalid-bad-icmp-value.xml", "schema.value", 'slterms:icmp must be an ICMP type from 0 to 255, found "65536"'],
  [
    "metadata/invalid-inconsistent-identifiers.xml",
    "constraint.about_identifier",
    "rdf:about attribute (#MMZu9WvwKIro-rtBQfDk4PsKO7_) and dcterms:identifier (MMZu9WvwKIro-rtBQfDk4PsKO77) are not consistent",
  ],
  [
    "metadata/invalid-inconsistent-checksum.xml",
    "constraint.identifier_checksum",
    "checksum from identifier (1113827081651840475597112894378558741689028636415) and SHA-1 checksum (1113827081651840475597112894378558741689028636414) are not consistent",
  ],
  ["metadata/invalid-dcterms-type.xml", "constraint.type_children", "dcterms:type cannot have child elements"],
  ["metadata/invalid-multiple-deprecated.xml", "constraint.at_most_one", "description must have at most 1 slterms:deprecated element"],
  ["metadata/invalid-multiple-os.xml", "constraint.at_most_one", "description must have at most 1 slterms:os element"],
  ["metadata/invalid-multiple-os-arch.xml", "constraint.at_most_one", "description must have at most 1 slterms:os-arch element"],
  ["metadata/invalid-multiple-os-version.xml", "constraint.at_most_one", "description must have at most 1 slterms:os-version element"],
  [
    "metadata/invalid-multiple-serial-numbers.xml",
    "constraint.at_most_one",
    "description must have at most 1 slterms:serial-number element",
  ],
  ["metadata/invalid-multiple-versions.xml", "constraint.at_most_one", "description must have at most 1 slterms:version element"],
  ["metadata/invalid-created-date-1.xml", "constraint.date", "dcterms:created value (2011-01-24X09:59:42Z) is not a valid date"],
  ["metadata/invalid-created-date-2.xml", "constraint.date", "dcterms:created value (2011-01-24T99:59:42Z) is not a valid date"],
  ["metadata/invalid-valid-date-1.xml", "constraint.date", "dcterms:valid value ("],
  ["metadata/invalid-valid-date-2.xml", "constraint.date", "dcterms:valid value ("],
  ["metadata/invalid-rdf-attribute.xml", "rdf.syntax", "ex:dummy has text and the attribute ex:badrdf"],
  ["metadata/invalid-rdf-resource.xml", "rdf.syntax", "ex:dummy contains 2 elements"],
  // A list response of the original server, not an entry.
  ["client/valid-single-entry.xml", "schema.root", "the root element must be rdf:RDF, found metadata"],
  ["client/valid-multiple-entries.xml", "schema.root", "the root element must be rdf:RDF, found metadata"],
];

// Fragments for the endorsement helpers, not entries; tested in sign.test.ts.
const FRAGMENTS = [
  "metadata/autogen-endorsement-done.xml",
  "metadata/autogen-endorsement-not-done.xml",
  "metadata/partial-multiple-endorsements.xml",
];

const SIGNATURE_FAILURES: Array<[string, string, string]> = [
  ["metadata/valid-minimal-signature.xml", "signature.invalid_element", "invalid signature element"],
  ["metadata/partial-multiple-signatures.xml", "signature.multiple", "4 Signature elements"],
];

describe("StratusLab reference files", () => {
  it("lists every file in exactly one class", () => {
    const classified = [...VALID_CONTENT, ...SIGNED, ...INVALID.map(([f]) => f), ...FRAGMENTS, ...SIGNATURE_FAILURES.map(([f]) => f)];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...classified].sort()).toEqual(listFixtures().sort());
  });

  it.each(VALID_CONTENT)("%s has valid content and, unsigned, is refused with 'no signature' and what to do", async (file) => {
    const draft = await inspectMetadata(readFixture(file), { requireSignature: false });
    expect(draft.problems).toEqual([]);
    expect(draft.valid).toBe(true);
    const upload = await inspectMetadata(readFixture(file));
    expect(upload.problems.map((p) => p.message)).toEqual(["no signature: sign it with `marketplace sign-metadata`"]);
  });

  it.each(SIGNED)("%s verifies and is valid", async (file) => {
    const inspection = await inspectMetadata(readFixture(file), { include: { signedContent: true } });
    expect(inspection.problems).toEqual([]);
    // Out-of-order heads and entries without a location are accepted, with a warning each.
    const expected = [
      ...(file.includes("alternative") ? ["schema.order"] : []),
      ...(readFixture(file).includes("<slterms:location") ? [] : ["schema.location"]),
    ];
    expect(inspection.warnings.map((w) => w.code)).toEqual(expected);
    expect(inspection.valid).toBe(true);
    expect(inspection.signature?.signatureMethod).toBe("http://www.w3.org/2000/09/xmldsig#rsa-sha1");
    expect(inspection.signature?.weak).toBe(true);
    expect(inspection.signature?.certificate.subject).toBe(inspection.entry?.endorsement.endorser?.subject);
    expect(inspection.signedContent).toMatch(/^<rdf:RDF /);
    expect(inspection.signedContent).not.toContain("Signature");
  });

  it.each(INVALID)("%s is refused: %s", async (file, code, message) => {
    const inspection = await inspectMetadata(readFixture(file), { requireSignature: false });
    expect(inspection.valid).toBe(false);
    expect(inspection.problems[0]?.code).toBe(code);
    expect(inspection.problems[0]?.message).toContain(message);
  });

  it.each(SIGNATURE_FAILURES)("%s fails signature validation: %s", async (file, code, message) => {
    const inspection = await inspectMetadata(readFixture(file));
    expect(inspection.valid).toBe(false);
    expect(inspection.signature).toBeUndefined();
    expect(inspection.problems[0]?.code).toBe(code);
    expect(inspection.problems[0]?.message).toContain(message);
  });

  it("keeps the content checks independent of the broken signature of valid-minimal-signature.xml", async () => {
    const inspection = await inspectMetadata(readFixture("metadata/valid-minimal-signature.xml"));
    expect(inspection.problems.map((p) => p.code)).toEqual(["signature.invalid_element"]);
  });

  it("reads the entry of a signed file from the signed content", async () => {
    const inspection = await inspectMetadata(readFixture("marketplace/valid-two-locations.xml"));
    expect(inspection.entry).toMatchObject({
      identifier: "BEE8-MMAw-Lk_IgsEExAy3d9R8h",
      bytes: "128",
      type: "base",
      kind: "machine",
      os: "ttylinux",
      endorsement: {
        created: "2014-03-08T14:28:15Z",
        endorser: { email: "jane.tester@example.org", subject: "CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU" },
      },
    });
    expect(inspection.entry?.locations).toHaveLength(2);
    expect(inspection.entry?.checksums.map((c) => c.algorithm)).toEqual(["MD5", "SHA-1", "SHA-256", "SHA-512"]);
  });
});
