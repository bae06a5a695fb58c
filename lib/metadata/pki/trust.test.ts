import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertificate, type CertificateInfo } from "./certificate";
import { evaluateCertificate, loadTrustStore, type TrustStore } from "./trust";
import { referenceCertificates } from "./testing/reference-certificates";
import { createTestCa, createTestCrl, createTestLeaf, type TestIdentity } from "./testing/test-pki";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date();
const dirs: string[] = [];

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "trust-test-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

/** A self-signed certificate re-issued by `ca` with md5WithRSAEncryption, by the openssl tool. */
function resignWithMd5(der: Uint8Array, ca: TestIdentity): CertificateInfo {
  const dir = tempDir({ "ca.pem": ca.certPem, "ca.key": ca.keyPem });
  writeFileSync(path.join(dir, "leaf.der"), der);
  const args = ["x509", "-inform", "DER", "-in", path.join(dir, "leaf.der"), "-CA", path.join(dir, "ca.pem")];
  const result = spawnSync("openssl", [...args, "-CAkey", path.join(dir, "ca.key"), "-md5", "-outform", "DER"]);
  if (result.status !== 0) throw new Error(`openssl x509 -md5 failed: ${String(result.stderr)}`);
  return parseCertificate(new Uint8Array(result.stdout));
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

let ca: TestIdentity;
let otherCa: TestIdentity;
let leaf: TestIdentity;
let selfSigned: TestIdentity;
let caStore: TrustStore;

beforeAll(async () => {
  ca = await createTestCa({ subject: "CN=TestCA, OU=Test, O=StratusLab, C=EU" });
  otherCa = await createTestCa({ subject: "CN=Other CA, O=Elsewhere, C=EU" });
  leaf = await createTestLeaf({ issuer: ca, email: "jane.tester@example.org" });
  selfSigned = await createTestLeaf({ email: "jane.tester@example.org" });
  caStore = await loadTrustStore({ caDir: tempDir({ "testca.pem": ca.certPem }) });
});

describe("evaluateCertificate", () => {
  it("labels a CA-issued certificate trusted when its CA is in the CA directory", async () => {
    const evaluation = await evaluateCertificate(leaf.certificate, { at: now, store: caStore });
    expect(evaluation).toEqual({
      label: "trusted",
      reason: "issued by CN=TestCA,OU=Test,O=StratusLab,C=EU, a CA of the configured CA bundle",
      checkedAt: now.toISOString(),
      chainsToAnchor: true,
      anchorSubject: "CN=TestCA,OU=Test,O=StratusLab,C=EU",
      selfSigned: false,
      validAt: true,
    });
  });

  it("labels the same certificate unknown-ca when the CA directory holds another CA", async () => {
    const store = await loadTrustStore({ caDir: tempDir({ "other.pem": otherCa.certPem }) });
    const evaluation = await evaluateCertificate(leaf.certificate, { at: now, store });
    expect(evaluation.label).toBe("unknown-ca");
    expect(evaluation.reason).toBe("issued by CN=TestCA,OU=Test,O=StratusLab,C=EU, which is not in the configured CA bundle");
    expect(evaluation.chainsToAnchor).toBe(false);
    expect(evaluation.anchorSubject).toBeUndefined();
  });

  it("labels it unknown-ca without a store, and says no bundle is configured", async () => {
    const evaluation = await evaluateCertificate(leaf.certificate, { at: now });
    expect(evaluation.label).toBe("unknown-ca");
    expect(evaluation.reason).toContain("no CA bundle is configured");
  });

  it("does not trust a certificate from a look-alike CA with the trusted CA's name but another key", async () => {
    const lookAlike = await createTestCa({ subject: "CN=TestCA, OU=Test, O=StratusLab, C=EU" });
    const forged = await createTestLeaf({ issuer: lookAlike });
    const evaluation = await evaluateCertificate(forged.certificate, { at: now, store: caStore });
    expect(evaluation.label).toBe("unknown-ca");
    expect(evaluation.chainsToAnchor).toBe(false);
    expect(evaluation.reason).toBe(
      "issued by CN=TestCA,OU=Test,O=StratusLab,C=EU, but it does not chain to the configured CA bundle: " +
        "its signature does not verify with the key of the CA named CN=TestCA,OU=Test,O=StratusLab,C=EU",
    );
  });

  it("labels a self-signed certificate self-signed, with or without a store", async () => {
    const withStore = await evaluateCertificate(selfSigned.certificate, { at: now, store: caStore });
    const withoutStore = await evaluateCertificate(selfSigned.certificate, { at: now });
    expect(withStore).toMatchObject({ label: "self-signed", selfSigned: true, chainsToAnchor: false, validAt: true });
    expect(withStore.reason).toBe(`self-signed certificate of ${selfSigned.certificate.subject}; it is not in the configured CA bundle`);
    expect(withoutStore.label).toBe("self-signed");
    expect(withoutStore.reason).toContain("no CA bundle is configured");
  });

  it("trusts a self-signed certificate that is itself in the CA directory", async () => {
    const store = await loadTrustStore({ caDir: tempDir({ "pinned.pem": selfSigned.certPem }) });
    const evaluation = await evaluateCertificate(selfSigned.certificate, { at: now, store });
    expect(evaluation).toMatchObject({
      label: "trusted",
      chainsToAnchor: true,
      anchorSubject: selfSigned.certificate.subject,
      selfSigned: true,
    });
    expect(evaluation.reason).toBe("the certificate itself is in the configured CA bundle");
  });

  it("labels a certificate expired when the endorsement time is after notAfter, still naming the trusted CA", async () => {
    const at = new Date(leaf.certificate.notAfter.getTime() + 1000);
    const evaluation = await evaluateCertificate(leaf.certificate, { at, store: caStore });
    expect(evaluation).toMatchObject({ label: "expired", validAt: false, chainsToAnchor: true, checkedAt: at.toISOString() });
    expect(evaluation.reason).toContain("the certificate expired on ");
    expect(evaluation.reason).toContain("(issued by CN=TestCA,OU=Test,O=StratusLab,C=EU, a CA of the configured CA bundle)");
  });

  it("labels a self-signed certificate expired too: validity beats self-signed", async () => {
    const at = new Date(selfSigned.certificate.notAfter.getTime() + DAY);
    expect((await evaluateCertificate(selfSigned.certificate, { at })).label).toBe("expired");
  });

  it("labels a certificate not-yet-valid when the endorsement time is before notBefore", async () => {
    const at = new Date(leaf.certificate.notBefore.getTime() - 1000);
    const evaluation = await evaluateCertificate(leaf.certificate, { at, store: caStore });
    expect(evaluation).toMatchObject({ label: "not-yet-valid", validAt: false });
    expect(evaluation.reason).toContain("the certificate is valid only from ");
  });

  it("treats notBefore and notAfter themselves as valid instants", async () => {
    expect((await evaluateCertificate(leaf.certificate, { at: leaf.certificate.notBefore, store: caStore })).label).toBe("trusted");
    expect((await evaluateCertificate(leaf.certificate, { at: leaf.certificate.notAfter, store: caStore })).label).toBe("trusted");
  });

  it("does not trust a valid leaf whose CA had expired at the endorsement time", async () => {
    const shortCa = await createTestCa({ subject: "CN=Short CA, C=EU", notAfter: new Date(now.getTime() + 10 * DAY) });
    const longLeaf = await createTestLeaf({ issuer: shortCa, notAfter: new Date(now.getTime() + 100 * DAY) });
    const store = await loadTrustStore({ caDir: tempDir({ "short.pem": shortCa.certPem }) });
    const evaluation = await evaluateCertificate(longLeaf.certificate, { at: new Date(now.getTime() + 50 * DAY), store });
    expect(evaluation.label).toBe("unknown-ca");
    expect(evaluation.reason).toContain("either not yet valid or expired");
  });

  it("rejects an invalid evaluation time", async () => {
    await expect(evaluateCertificate(leaf.certificate, { at: new Date(Number.NaN) })).rejects.toThrow(TypeError);
  });
});

describe("evaluateCertificate with CRLs", () => {
  it("labels a certificate revoked when a CRL of its CA in the CRL directory lists its serial", async () => {
    const crlDir = tempDir({ "testca.crl.pem": await createTestCrl(ca, ["abc", leaf.certificate.serialNumber]) });
    const store = await loadTrustStore({ caDir: tempDir({ "testca.pem": ca.certPem }), crlDir });
    const evaluation = await evaluateCertificate(leaf.certificate, { at: now, store });
    expect(evaluation.label).toBe("revoked");
    expect(evaluation.reason).toMatch(
      new RegExp(
        `^the certificate \\(serial ${leaf.certificate.serialNumber}\\) was revoked on .* according to the CRL of CN=TestCA,OU=Test,O=StratusLab,C=EU dated `,
      ),
    );
    expect(evaluation.chainsToAnchor).toBe(true);
  });

  it("ranks revoked above expired", async () => {
    const crlDir = tempDir({ "0a1b2c3d.r0": await createTestCrl(ca, [leaf.certificate.serialNumber]) });
    const store = await loadTrustStore({ caDir: tempDir({ "testca.pem": ca.certPem }), crlDir });
    const at = new Date(leaf.certificate.notAfter.getTime() + DAY);
    expect((await evaluateCertificate(leaf.certificate, { at, store })).label).toBe("revoked");
  });

  it("keeps a certificate trusted when the CRL lists other serials only", async () => {
    const crlDir = tempDir({ "testca.crl": await createTestCrl(ca, ["1", "abcdef"]) });
    const store = await loadTrustStore({ caDir: tempDir({ "testca.pem": ca.certPem }), crlDir });
    expect((await evaluateCertificate(leaf.certificate, { at: now, store })).label).toBe("trusted");
  });

  it("ignores a CRL with the CA's name that the CA's key did not sign", async () => {
    const lookAlike = await createTestCa({ subject: "CN=TestCA, OU=Test, O=StratusLab, C=EU" });
    const crlDir = tempDir({ "forged.pem": await createTestCrl(lookAlike, [leaf.certificate.serialNumber]) });
    const store = await loadTrustStore({ caDir: tempDir({ "testca.pem": ca.certPem }), crlDir });
    expect((await evaluateCertificate(leaf.certificate, { at: now, store })).label).toBe("trusted");
  });

  it("ignores a CRL of another CA listing the same serial", async () => {
    const crlDir = tempDir({ "other.pem": await createTestCrl(otherCa, [leaf.certificate.serialNumber]) });
    const store = await loadTrustStore({ caDir: tempDir({ "testca.pem": ca.certPem, "other.pem": otherCa.certPem }), crlDir });
    expect((await evaluateCertificate(leaf.certificate, { at: now, store })).label).toBe("trusted");
  });

  it("reads DER CRLs too", async () => {
    const pem = await createTestCrl(ca, [leaf.certificate.serialNumber]);
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    const crlDir = tempDir();
    writeFileSync(path.join(crlDir, "testca.der"), der);
    const store = await loadTrustStore({ caDir: tempDir({ "testca.pem": ca.certPem }), crlDir });
    expect(store.crls).toHaveLength(1);
    expect((await evaluateCertificate(leaf.certificate, { at: now, store })).label).toBe("revoked");
  });
});

describe("evaluateCertificate with an intermediate CA", () => {
  let root: TestIdentity;
  let intermediate: TestIdentity;
  let issued: TestIdentity;
  let rootStore: TrustStore;

  beforeAll(async () => {
    root = await createTestCa({ subject: "CN=Root CA, O=Grid, C=EU" });
    intermediate = await createTestCa({ subject: "CN=Issuing CA, O=Grid, C=EU", issuer: root });
    issued = await createTestLeaf({ issuer: intermediate, subject: "CN=Grid User, O=Grid, C=EU" });
    rootStore = await loadTrustStore({ caDir: tempDir({ "root.pem": root.certPem }) });
  });

  it("trusts a leaf whose intermediate comes with the document and whose root is configured", async () => {
    const evaluation = await evaluateCertificate(issued.certificate, {
      at: now,
      store: rootStore,
      intermediates: [intermediate.certificate],
    });
    expect(evaluation).toMatchObject({ label: "trusted", chainsToAnchor: true, anchorSubject: "CN=Root CA,O=Grid,C=EU" });
    expect(evaluation.reason).toBe(
      "issued by CN=Issuing CA,O=Grid,C=EU, which chains to CN=Root CA,O=Grid,C=EU in the configured CA bundle",
    );
  });

  it("does not trust it without the intermediate", async () => {
    const evaluation = await evaluateCertificate(issued.certificate, { at: now, store: rootStore });
    expect(evaluation.label).toBe("unknown-ca");
    expect(evaluation.reason).toBe("issued by CN=Issuing CA,O=Grid,C=EU, which is not in the configured CA bundle");
  });

  it("trusts it when the intermediate itself is in the CA directory (partial chain, as in IGTF bundles)", async () => {
    const store = await loadTrustStore({ caDir: tempDir({ "issuing.pem": intermediate.certPem }) });
    const evaluation = await evaluateCertificate(issued.certificate, { at: now, store });
    expect(evaluation).toMatchObject({ label: "trusted", anchorSubject: "CN=Issuing CA,O=Grid,C=EU" });
  });

  it("never trusts a certificate only because it appears among the intermediates", async () => {
    const evaluation = await evaluateCertificate(issued.certificate, {
      at: now,
      store: caStore,
      intermediates: [intermediate.certificate, root.certificate],
    });
    expect(evaluation.label).toBe("unknown-ca");
  });

  it("labels the leaf revoked when the root's CRL revokes the intermediate", async () => {
    const crlDir = tempDir({ "root.pem": await createTestCrl(root, [intermediate.certificate.serialNumber]) });
    const store = await loadTrustStore({ caDir: tempDir({ "root.pem": root.certPem }), crlDir });
    const evaluation = await evaluateCertificate(issued.certificate, { at: now, store, intermediates: [intermediate.certificate] });
    expect(evaluation.label).toBe("revoked");
    expect(evaluation.reason).toMatch(/^the intermediate CA CN=Issuing CA,O=Grid,C=EU \(serial [0-9a-f]+\) was revoked/);
  });

  it("checks the intermediate's own CRL, verified with the intermediate's key", async () => {
    const crlDir = tempDir({ "issuing.pem": await createTestCrl(intermediate, [issued.certificate.serialNumber]) });
    const store = await loadTrustStore({ caDir: tempDir({ "root.pem": root.certPem }), crlDir });
    const evaluation = await evaluateCertificate(issued.certificate, { at: now, store, intermediates: [intermediate.certificate] });
    expect(evaluation.label).toBe("revoked");
  });
});

describe("evaluateCertificate on the reference certificates", () => {
  const references = referenceCertificates();
  const certificateOf = (file: string) => parseCertificate(references.find((r) => r.file === file)!.der);

  it("labels Jane Tester's certificate self-signed at its endorsement time and expired today", async () => {
    const jane = certificateOf("metadata/valid-full-signature.xml");
    expect((await evaluateCertificate(jane, { at: new Date("2011-02-14T10:00:00Z") })).label).toBe("self-signed");
    expect((await evaluateCertificate(jane, { at: now })).label).toBe("expired");
  });

  it("labels the TestCA-issued MD5 certificate unknown-ca inside its five days of validity", async () => {
    const issued = certificateOf("marketplace/valid-indate-signature.xml");
    const evaluation = await evaluateCertificate(issued, { at: new Date("2014-03-08T14:10:40Z") });
    expect(evaluation).toMatchObject({ label: "unknown-ca", validAt: true, selfSigned: false });
    expect(evaluation.reason).toBe("issued by CN=TestCA,OU=Test,O=StratusLab,C=EU; no CA bundle is configured");
  });

  it("refuses to build a chain through an MD5 signature even when the issuing CA is configured", async () => {
    const md5Ca = await createTestCa({ subject: "CN=MD5 CA, C=EU" });
    const md5Leaf = await createTestLeaf({ subject: "CN=MD5 Leaf, C=EU" });
    const resigned = resignWithMd5(md5Leaf.certificate.der, md5Ca);
    const store = await loadTrustStore({ caDir: tempDir({ "md5.pem": md5Ca.certPem }) });
    const evaluation = await evaluateCertificate(resigned, { at: new Date(resigned.notBefore.getTime() + 60_000), store });
    expect(resigned.signatureAlgorithm).toBe("md5WithRSAEncryption");
    expect(evaluation.label).toBe("unknown-ca");
    expect(evaluation.reason).toBe(
      "issued by CN=MD5 CA,C=EU, but it does not chain to the configured CA bundle: its md5WithRSAEncryption signature is not accepted for a chain of trust",
    );
  });
});
