import { spawnSync } from "node:child_process";
import { createHash, createPublicKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CertificateError, parseCertificate } from "./certificate";
import { referenceCertificates, type ReferenceCertificate } from "./testing/reference-certificates";
import { createTestCa, createTestLeaf } from "./testing/test-pki";

const references = referenceCertificates();
const reference = (file: string): ReferenceCertificate => {
  const found = references.find((r) => r.file === file);
  if (found === undefined) throw new Error(`no reference certificate in ${file}`);
  return found;
};

function opensslFingerprint(der: Uint8Array): string {
  const result = spawnSync("openssl", ["x509", "-inform", "der", "-noout", "-fingerprint", "-sha256"], { input: der, encoding: "utf8" });
  return result.stdout.trim().replace(/^.*Fingerprint=/, "");
}

describe("parseCertificate on the reference certificates", () => {
  it("reads Jane Tester's self-signed certificate with its email SAN", () => {
    const jane = parseCertificate(reference("metadata/valid-full-signature.xml").der);
    expect(jane).toMatchObject({
      subject: "CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU",
      issuer: "CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU",
      emails: ["jane.tester@example.org"],
      serialNumber: "8411212385b024a1",
      signatureAlgorithm: "sha1WithRSAEncryption",
      keyType: "rsa",
      keyBits: 2048,
      isCA: false,
      selfIssued: true,
      selfSigned: true,
    });
    expect(jane.notBefore.toISOString()).toBe("2011-02-13T23:20:10.000Z");
    expect(jane.notAfter.toISOString()).toBe("2012-02-13T23:20:10.000Z");
    expect(jane.fingerprintSha256).toBe("7E:53:AE:E6:72:A4:DB:31:CD:15:B8:10:DE:35:FE:10:5B:A7:C6:A1:05:2E:46:90:A6:DB:0E:20:AE:5B:01:BE");
  });

  it("reads the TestCA-issued MD5 certificate of the marketplace fixtures, which has no email", () => {
    const issued = parseCertificate(reference("marketplace/valid-indate-signature.xml").der);
    expect(issued).toMatchObject({
      subject: "CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU",
      issuer: "CN=TestCA,OU=Test,O=StratusLab,C=EU",
      emails: [],
      serialNumber: "1",
      signatureAlgorithm: "md5WithRSAEncryption",
      selfIssued: false,
      selfSigned: false,
    });
    expect(issued.notBefore.toISOString()).toBe("2014-03-08T14:06:07.000Z");
    expect(issued.notAfter.toISOString()).toBe("2014-03-13T14:06:07.000Z");
  });

  it("reads Jim Tester's CA-issued certificate, whose serial has the high bit set", () => {
    const jim = parseCertificate(reference("marketplace/valid-ca-signed.xml").der);
    expect(jim).toMatchObject({
      subject: "CN=Jim Tester,OU=Testing Department,O=StratusLab Project,C=EU",
      issuer: "CN=Certificate Authority,OU=Testing Department,O=StratusLab Project,C=EU",
      emails: [],
      serialNumber: "c8090fd239f40a12",
    });
  });

  it("reads the CERN grid certificate: email SAN after an otherName, serial without leading zeros", () => {
    const cern = parseCertificate(reference("client/manifest-invalid-sha1.xml").der);
    expect(cern.emails).toEqual(["Konstantin.Skaburskas@cern.ch"]);
    expect(cern.serialNumber).toBe("130a9943000200007367");
    expect(cern.issuer).toBe("CN=CERN Trusted Certification Authority,DC=cern,DC=ch");
  });

  it.each(references.map((r) => [r.file, r] as const))("%s: names, email and fingerprint agree with the document and openssl", (_, r) => {
    const info = parseCertificate(r.der);
    expect(info.subject).toBe(r.subject);
    expect(info.issuer).toBe(r.issuer);
    if (info.emails.length > 0) expect(info.emails[0]).toBe(r.email);
    expect(info.fingerprintSha256).toBe(opensslFingerprint(r.der));
    expect(info.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(new X509Certificate(info.pem).fingerprint256).toBe(info.fingerprintSha256);
  });
});

describe("parseCertificate on generated certificates", () => {
  it("reports the CA flag, RSA key size, SHA-256 signature and the email SAN", async () => {
    const ca = await createTestCa({ subject: "CN=Unit CA, O=Example, C=EU" });
    const leaf = await createTestLeaf({ issuer: ca, email: "first@example.org", keyBits: 1024 });
    expect(ca.certificate).toMatchObject({ isCA: true, selfIssued: true, selfSigned: true, signatureAlgorithm: "sha256WithRSAEncryption" });
    expect(leaf.certificate).toMatchObject({
      isCA: false,
      selfIssued: false,
      selfSigned: false,
      keyBits: 1024,
      emails: ["first@example.org"],
    });
    expect(leaf.certificate.issuer).toBe("CN=Unit CA,O=Example,C=EU");
  });

  it("is self-issued but not self-signed when the subject equals the issuer and another key signed it", async () => {
    const ca = await createTestCa({ subject: "CN=Same Name, C=EU" });
    const impostor = await createTestLeaf({ issuer: ca, subject: "CN=Same Name, C=EU" });
    expect(impostor.certificate.selfIssued).toBe(true);
    expect(impostor.certificate.selfSigned).toBe(false);
  });

  it("identifies the public key by the SHA-256 of its DER SubjectPublicKeyInfo, the same across certificates", async () => {
    const first = await createTestLeaf({ subject: "CN=Key Holder, C=EU", serialNumber: "01" });
    const renewed = await createTestLeaf({ subject: "CN=Key Holder, C=EU", serialNumber: "02", keyOf: first });
    const reissued = await createTestLeaf({ subject: "CN=Someone Else, C=EU", issuer: await createTestCa(), keyOf: first });
    const other = await createTestLeaf({ subject: "CN=Key Holder, C=EU" });
    const spkiSha256 = (der: Uint8Array) =>
      createHash("sha256")
        .update(new X509Certificate(der).publicKey.export({ type: "spki", format: "der" }))
        .digest("hex");

    for (const identity of [first, renewed, reissued, other]) {
      expect(identity.certificate.publicKeySha256).toMatch(/^[0-9a-f]{64}$/);
      expect(identity.certificate.publicKeySha256).toBe(spkiSha256(identity.certificate.der));
    }
    // The key of the certificate is the key of the private key that made it.
    const fromPrivateKey = createHash("sha256")
      .update(createPublicKey(first.privateKey).export({ type: "spki", format: "der" }))
      .digest("hex");
    expect(first.certificate.publicKeySha256).toBe(fromPrivateKey);
    expect(renewed.certificate.publicKeySha256).toBe(first.certificate.publicKeySha256);
    expect(reissued.certificate.publicKeySha256).toBe(first.certificate.publicKeySha256);
    expect(new Set([first, renewed, reissued].map((i) => i.certificate.fingerprintSha256)).size).toBe(3);
    expect(other.certificate.publicKeySha256).not.toBe(first.certificate.publicKeySha256);
  });

  it("matches openssl's SHA-256 of the public key for every reference certificate", () => {
    for (const { der } of references) {
      const certificate = parseCertificate(der);
      const openssl = spawnSync(
        "sh",
        ["-c", "openssl x509 -inform der -noout -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -r"],
        { input: der },
      );
      expect(certificate.publicKeySha256).toBe(openssl.stdout.toString().split(" ")[0]);
    }
  });

  it("names an EC key and leaves keyBits unset", () => {
    const result = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "/dev/null",
        "-subj",
        "/CN=EC Signer",
        "-days",
        "1",
        "-outform",
        "DER",
      ],
      {},
    );
    expect(result.status).toBe(0);
    const info = parseCertificate(new Uint8Array(result.stdout));
    expect(info.keyType).toBe("ec");
    expect(info.keyBits).toBeUndefined();
    expect(info.signatureAlgorithm).toBe("ecdsa-with-SHA256");
    expect(info.subject).toBe("CN=EC Signer");
  });

  it("lists every rfc822Name SAN in order and ignores other names and the DN emailAddress", () => {
    const result = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "/dev/null",
        "-subj",
        "/CN=Many/emailAddress=dn@example.org",
        "-days",
        "1",
        "-outform",
        "DER",
        "-addext",
        "subjectAltName=email:second@example.org,DNS:host.example.org,email:first@example.org",
      ],
      {},
    );
    expect(result.status).toBe(0);
    const info = parseCertificate(new Uint8Array(result.stdout));
    expect(info.emails).toEqual(["second@example.org", "first@example.org"]);
    expect(info.subject).toBe("1.2.840.113549.1.9.1=#160e646e406578616d706c652e6f7267,CN=Many");
  });

  it("gives the OID for a signature algorithm it has no name for", () => {
    const result = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-sha3-256",
        "-nodes",
        "-keyout",
        "/dev/null",
        "-subj",
        "/CN=SHA3",
        "-days",
        "1",
        "-outform",
        "DER",
      ],
      {},
    );
    expect(result.status).toBe(0);
    expect(parseCertificate(new Uint8Array(result.stdout)).signatureAlgorithm).toBe("2.16.840.1.101.3.4.3.10");
  });
});

describe("parseCertificate caching and errors", () => {
  it("returns the same frozen object for the same DER, even from another buffer", () => {
    const der = reference("metadata/valid-full-signature.xml").der;
    const first = parseCertificate(der);
    const second = parseCertificate(new Uint8Array(der));
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.emails)).toBe(true);
  });

  it("keeps its own copy of the DER", () => {
    const der = new Uint8Array(reference("client/manifest-invalid-sha1.xml").der);
    const info = parseCertificate(der);
    expect(info.der).not.toBe(der);
    expect(Buffer.from(info.der).equals(der)).toBe(true);
  });

  it.each([
    ["empty input", new Uint8Array()],
    ["garbage", new Uint8Array(Buffer.from("not a certificate at all"))],
    ["a truncated certificate", reference("metadata/valid-full-signature.xml").der.subarray(0, 200)],
    ["a DER SEQUENCE that is not a certificate", new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])],
  ])("throws CertificateError for %s", (_, der) => {
    expect(() => parseCertificate(der)).toThrow(CertificateError);
    expect(() => parseCertificate(der)).toThrow("the X509Certificate is not a valid DER certificate");
  });

  it("refuses PEM text and trailing bytes: the input must be exactly one DER certificate", () => {
    const der = reference("metadata/valid-full-signature.xml").der;
    const pem = new Uint8Array(Buffer.from(parseCertificate(der).pem));
    expect(() => parseCertificate(pem)).toThrow(CertificateError);
    const trailing = new Uint8Array([...der, 0x00, 0x00]);
    expect(() => parseCertificate(trailing)).toThrow(CertificateError);
  });
});
