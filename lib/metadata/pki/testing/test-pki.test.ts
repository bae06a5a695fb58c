import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTestCa, createTestCrl, createTestLeaf, DEFAULT_LEAF_SUBJECT } from "./test-pki";

function openssl(args: string[], input?: string): string {
  const result = spawnSync("openssl", args, { input, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

describe("test PKI", () => {
  it("writes the subject as given in RFC 2253 order, so Java prints it back unchanged", async () => {
    const leaf = await createTestLeaf();
    expect(DEFAULT_LEAF_SUBJECT).toBe("CN=Jane Tester, OU=Testing Department, O=StratusLab Project, C=EU");
    expect(leaf.certificate.subject).toBe("CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU");
    // openssl's default one-line form lists the RDNs in DER order: the country comes first.
    expect(openssl(["x509", "-noout", "-subject"], leaf.certPem).trim()).toBe(
      "subject=C = EU, O = StratusLab Project, OU = Testing Department, CN = Jane Tester",
    );
  });

  it("makes self-signed leaves by default and CA-issued ones with an issuer", async () => {
    const ca = await createTestCa({ subject: "CN=Helper CA, C=EU" });
    const own = await createTestLeaf({ subject: "CN=Own, C=EU" });
    const issued = await createTestLeaf({ issuer: ca, subject: "CN=Issued, C=EU", email: "issued@example.org" });
    expect(own.certificate).toMatchObject({ selfSigned: true, isCA: false, issuer: "CN=Own,C=EU", emails: [] });
    expect(issued.certificate).toMatchObject({
      selfSigned: false,
      isCA: false,
      issuer: "CN=Helper CA,C=EU",
      emails: ["issued@example.org"],
    });
    expect(ca.certificate).toMatchObject({ selfSigned: true, isCA: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), "test-pki-"));
    try {
      writeFileSync(path.join(dir, "ca.pem"), ca.certPem);
      expect(openssl(["verify", "-CAfile", path.join(dir, "ca.pem")], issued.certPem).trim()).toBe("stdin: OK");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("honours serial number, dates and key size", async () => {
    const notBefore = new Date("2014-03-08T14:06:07Z");
    const notAfter = new Date("2014-03-13T14:06:07Z");
    const leaf = await createTestLeaf({ serialNumber: "c8090fd239f40a12", notBefore, notAfter, keyBits: 1024 });
    expect(leaf.certificate).toMatchObject({ serialNumber: "c8090fd239f40a12", notBefore, notAfter, keyBits: 1024 });
    expect((await createTestLeaf({ serialNumber: "a" })).certificate.serialNumber).toBe("a");
  });

  it("gives identities made in a row different keys, matching their certificates", async () => {
    const made = await Promise.all([createTestLeaf(), createTestLeaf(), createTestLeaf()]);
    const fingerprints = new Set(made.map((m) => m.certificate.publicKey.export({ type: "spki", format: "der" }).toString("base64")));
    expect(fingerprints.size).toBe(3);
    for (const identity of made) {
      expect(identity.privateKey.export({ type: "pkcs8", format: "pem" }).toString()).toBe(identity.keyPem);
    }
  });

  it("makes intermediate CAs", async () => {
    const root = await createTestCa({ subject: "CN=Root, C=EU" });
    const intermediate = await createTestCa({ subject: "CN=Intermediate, C=EU", issuer: root });
    expect(intermediate.certificate).toMatchObject({ isCA: true, selfSigned: false, issuer: "CN=Root,C=EU" });
    expect(intermediate.certificate.notAfter.getTime()).toBeLessThanOrEqual(root.certificate.notAfter.getTime());
  });

  it("makes CRLs that openssl verifies with the issuer and that list the serials", async () => {
    const ca = await createTestCa({ subject: "CN=CRL CA, C=EU" });
    const crl = await createTestCrl(ca, ["1f", "c8090fd239f40a12"]);
    expect(crl).toMatch(/^-----BEGIN X509 CRL-----\n/);
    const dir = mkdtempSync(path.join(os.tmpdir(), "test-pki-"));
    try {
      writeFileSync(path.join(dir, "ca.pem"), ca.certPem);
      const text = spawnSync("openssl", ["crl", "-noout", "-text", "-CAfile", path.join(dir, "ca.pem")], { input: crl, encoding: "utf8" });
      expect(text.stderr).toContain("verify OK");
      expect(text.stdout).toContain("Serial Number: 1F");
      expect(text.stdout).toContain("Serial Number: C8090FD239F40A12");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
