import { mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTrustStore, TrustStoreError } from "./trust-store";
import { createTestCa, createTestCrl, type TestIdentity } from "./testing/test-pki";

const dirs: string[] = [];

function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "trust-store-test-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

let first: TestIdentity;
let second: TestIdentity;
let third: TestIdentity;

beforeAll(async () => {
  first = await createTestCa({ subject: "CN=First CA, C=EU" });
  second = await createTestCa({ subject: "CN=Second CA, C=EU" });
  third = await createTestCa({ subject: "CN=Third CA, C=EU" });
});

const subjects = (store: { anchors: { subject: string }[] }) => store.anchors.map((a) => a.subject).sort();

describe("loadTrustStore", () => {
  it("reads every certificate of every *.pem, *.crt, *.cer and hash-named file, and nothing else", async () => {
    const dir = tempDir({
      "bundle.pem": first.certPem + second.certPem,
      "third.cer": third.certificate.der,
      "README.txt": first.certPem,
      "first.info": "alias = first",
      "first.signing_policy": "access_id_CA X509 '/C=EU/CN=First CA'",
    });
    const store = await loadTrustStore({ caDir: dir });
    expect(subjects(store)).toEqual(["CN=First CA,C=EU", "CN=Second CA,C=EU", "CN=Third CA,C=EU"]);
    expect(store.crls).toEqual([]);
    expect(store.description).toBe(`3 CA certificates from ${dir}`);
  });

  it("reads a PEM file that opens with a long text dump, as `openssl x509 -text` writes", async () => {
    const dump = `Certificate:\n${"    Data: 00:11:22:33\n".repeat(400)}`;
    expect(dump.length).toBeGreaterThan(5000);
    const store = await loadTrustStore({ caDir: tempDir({ "first.pem": dump + first.certPem }) });
    expect(subjects(store)).toEqual(["CN=First CA,C=EU"]);
  });

  it("keeps one copy of a CA reached through an OpenSSL hash link", async () => {
    const dir = tempDir({ "first.pem": first.certPem, "second.crt": second.certPem });
    symlinkSync(path.join(dir, "first.pem"), path.join(dir, "1a2b3c4d.0"));
    symlinkSync(path.join(dir, "missing.pem"), path.join(dir, "99999999.0"));
    const store = await loadTrustStore({ caDir: dir });
    expect(subjects(store)).toEqual(["CN=First CA,C=EU", "CN=Second CA,C=EU"]);
  });

  it("loads CRLs from PEM and hash-named files, skipping CA certificates in a shared directory", async () => {
    const dir = tempDir({
      "first.pem": first.certPem,
      "1a2b3c4d.r0": await createTestCrl(first, ["1"]),
      "second-crl.pem": await createTestCrl(second, ["2", "3"]),
    });
    const store = await loadTrustStore({ caDir: dir, crlDir: dir });
    expect(subjects(store)).toEqual(["CN=First CA,C=EU"]);
    expect(store.crls.map((crl) => crl.issuer).sort()).toEqual(["CN=First CA,C=EU", "CN=Second CA,C=EU"]);
    const secondCrl = store.crls.find((crl) => crl.issuer === "CN=Second CA,C=EU");
    expect([...(secondCrl?.revoked.keys() ?? [])].sort()).toEqual(["2", "3"]);
    expect(store.description).toBe(`1 CA certificate from ${dir}; 2 CRLs from ${dir}`);
  });

  it("describes a store without a CA directory", async () => {
    expect(await loadTrustStore({})).toEqual({ anchors: [], crls: [], description: "no CA bundle configured" });
  });

  it("fails clearly for a missing directory or a file given as directory", async () => {
    const missing = path.join(os.tmpdir(), "no-such-trust-dir-4711");
    await expect(loadTrustStore({ caDir: missing })).rejects.toThrow(
      new TrustStoreError(`the CA directory ${missing} does not exist or cannot be read`),
    );
    await expect(loadTrustStore({ crlDir: missing })).rejects.toThrow(`the CRL directory ${missing} does not exist or cannot be read`);
    const file = path.join(tempDir({ "a.pem": first.certPem }), "a.pem");
    await expect(loadTrustStore({ caDir: file })).rejects.toThrow(`the CA directory ${file} is not a directory`);
  });

  it("fails clearly for a certificate file that does not parse", async () => {
    const dir = tempDir({ "broken.cer": new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) });
    await expect(loadTrustStore({ caDir: dir })).rejects.toThrow(`${path.join(dir, "broken.cer")} holds an invalid certificate`);
    const crlDir = tempDir({ "broken.crl": new Uint8Array([1, 2, 3]) });
    await expect(loadTrustStore({ crlDir })).rejects.toThrow(TrustStoreError);
  });

  it("reuses the loaded anchors while the directory is unchanged", async () => {
    const dir = tempDir({ "first.pem": first.certPem });
    const one = await loadTrustStore({ caDir: dir });
    const two = await loadTrustStore({ caDir: dir });
    expect(two.anchors).toBe(one.anchors);
  });

  it("reloads when a file is added or rewritten", async () => {
    const dir = tempDir({ "first.pem": first.certPem });
    const before = await loadTrustStore({ caDir: dir });
    writeFileSync(path.join(dir, "second.pem"), second.certPem);
    const added = await loadTrustStore({ caDir: dir });
    expect(subjects(added)).toEqual(["CN=First CA,C=EU", "CN=Second CA,C=EU"]);
    expect(added.anchors).not.toBe(before.anchors);

    writeFileSync(path.join(dir, "second.pem"), third.certPem);
    const future = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, "second.pem"), future, future);
    const rewritten = await loadTrustStore({ caDir: dir });
    expect(subjects(rewritten)).toEqual(["CN=First CA,C=EU", "CN=Third CA,C=EU"]);
  });

  it("retries after a failed load once the file is fixed", async () => {
    const dir = tempDir({ "bad.cer": new Uint8Array([0x30, 0x00]) });
    await expect(loadTrustStore({ caDir: dir })).rejects.toThrow(TrustStoreError);
    writeFileSync(path.join(dir, "bad.cer"), first.certificate.der);
    const future = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, "bad.cer"), future, future);
    expect(subjects(await loadTrustStore({ caDir: dir }))).toEqual(["CN=First CA,C=EU"]);
  });
});
