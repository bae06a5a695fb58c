/**
 * Signing in the browser, run in Node (the same Web Crypto API, globalThis.crypto): credentials
 * opened from a PKCS#12 made by openssl (OpenSSL 3 defaults and -legacy, the issuer's certificate
 * first) and from PEM files (plain, encrypted, PKCS#1) complete the server's prepared signature to
 * signMetadata's exact bytes; wrong passwords, foreign certificates and non-RSA keys are refused with
 * the CLI's messages.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectMetadata } from "@/lib/metadata/inspect";
import { SIGNING_TIME, UNSIGNED_ENTRY, credentialsOf, testSigners, type TestSigners } from "@/lib/metadata/__tests__/signing-helpers";
import { RSA_SHA1 } from "@/lib/metadata/signature/algorithms";
import { prepareMetadataSignature, SIGNATURE_VALUE_PLACEHOLDER, signMetadata } from "@/lib/metadata/signature/sign";
import { CredentialsError, openCredentials, type CredentialFile } from "./credentials";
import { completeSignature } from "./sign";

let signers: TestSigners;
let work: string;
const file = (name: string): CredentialFile => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(work, name))) });
const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: work, stdio: "pipe" });

beforeAll(async () => {
  signers = await testSigners();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "browser-sign-"));
  fs.writeFileSync(path.join(work, "key.pem"), signers.jane.keyPem);
  // The issuer first: the signer must pick the certificate of its key, not the first one.
  fs.writeFileSync(path.join(work, "certs.pem"), signers.ca.certPem + signers.jane.certPem);
  fs.writeFileSync(path.join(work, "jane.pem"), signers.jane.certPem);
  fs.writeFileSync(path.join(work, "mallory.pem"), signers.mallory.certPem);
  openssl(
    "pkcs12",
    "-export",
    "-inkey",
    "key.pem",
    "-in",
    "jane.pem",
    "-certfile",
    "certs.pem",
    "-out",
    "modern.p12",
    "-passout",
    "pass:s3cret",
  );
  openssl("pkcs12", "-export", "-legacy", "-inkey", "key.pem", "-in", "jane.pem", "-out", "legacy.p12", "-passout", "pass:s3cret");
  openssl("pkcs8", "-topk8", "-in", "key.pem", "-out", "encrypted.pem", "-passout", "pass:s3cret");
  openssl("rsa", "-in", "key.pem", "-traditional", "-out", "pkcs1.pem");
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  fs.writeFileSync(path.join(work, "ec.pem"), ec.privateKey.export({ type: "pkcs8", format: "pem" }));
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function signedInBrowser(files: CredentialFile[], password: string, profile: "modern" | "legacy" = "modern") {
  const opened = openCredentials(files, password);
  expect(opened.certificatePem.trim()).toBe(signers.jane.certPem.trim());
  // What the server does with the certificate alone (it never sees opened.pkcs8).
  const prepared = prepareMetadataSignature(UNSIGNED_ENTRY, credentialsOf(signers.jane).certificate, { profile, now: SIGNING_TIME });
  const hash = prepared.signatureMethod === RSA_SHA1 ? "SHA-1" : "SHA-256";
  return completeSignature({ ...prepared, placeholder: SIGNATURE_VALUE_PLACEHOLDER, hash }, opened.pkcs8);
}

describe("signing in the browser", () => {
  it("gives the CLI's exact bytes from a PKCS#12, OpenSSL 3 or legacy, modern or legacy profile", async () => {
    const cli = signMetadata(UNSIGNED_ENTRY, credentialsOf(signers.jane), { now: SIGNING_TIME });
    expect(await signedInBrowser([file("modern.p12")], "s3cret")).toBe(cli);
    expect(await signedInBrowser([file("legacy.p12")], "s3cret")).toBe(cli);
    const legacy = await signedInBrowser([file("modern.p12")], "s3cret", "legacy");
    expect(legacy).toBe(signMetadata(UNSIGNED_ENTRY, credentialsOf(signers.jane), { profile: "legacy", now: SIGNING_TIME }));
    expect((await inspectMetadata(cli)).problems).toEqual([]);
  });

  it("gives the same bytes from PEM files: plain, encrypted and PKCS#1 keys, key and certificates in two files or one", async () => {
    const cli = signMetadata(UNSIGNED_ENTRY, credentialsOf(signers.jane), { now: SIGNING_TIME });
    expect(await signedInBrowser([file("key.pem"), file("certs.pem")], "")).toBe(cli);
    expect(await signedInBrowser([file("encrypted.pem"), file("jane.pem")], "s3cret")).toBe(cli);
    expect(await signedInBrowser([file("pkcs1.pem"), file("jane.pem")], "")).toBe(cli);
    const bundle = { name: "both.pem", bytes: new TextEncoder().encode(signers.jane.keyPem + signers.jane.certPem) };
    expect(await signedInBrowser([bundle], "")).toBe(cli);
  });

  it("refuses a wrong password with the CLI's message, for PKCS#12 and encrypted PEM", () => {
    for (const files of [[file("modern.p12")], [file("legacy.p12")], [file("encrypted.pem"), file("jane.pem")]]) {
      expect(() => openCredentials(files, "wrong")).toThrow(
        expect.objectContaining({ problem: "wrong_password", message: "error loading certificate (wrong password?)" }),
      );
    }
  });

  it("refuses a certificate of another key, a file with no key or no certificate, a non-RSA key and no file", () => {
    const problem = (files: CredentialFile[]) => {
      try {
        openCredentials(files, "");
      } catch (error) {
        expect(error).toBeInstanceOf(CredentialsError);
        return [(error as CredentialsError).problem, (error as Error).message];
      }
      throw new Error("opened");
    };
    expect(problem([file("key.pem"), file("mallory.pem")])).toEqual(["key_mismatch", "the private key does not match the certificate"]);
    expect(problem([file("jane.pem")])[0]).toBe("no_private_key");
    expect(problem([file("key.pem")])[0]).toBe("no_certificate");
    expect(problem([file("ec.pem"), file("jane.pem")])).toEqual([
      "unsupported_key",
      expect.stringContaining("only RSA keys can sign metadata"),
    ]);
    expect(problem([])[0]).toBe("unreadable");
    expect(problem([{ name: "junk.p12", bytes: new Uint8Array([1, 2, 3]) }])[0]).toBe("unreadable");
  });

  it("refuses a prepared document without exactly one placeholder", async () => {
    const opened = openCredentials([file("modern.p12")], "s3cret");
    await expect(
      completeSignature({ xml: "<a/>", signedInfo: "", placeholder: SIGNATURE_VALUE_PLACEHOLDER, hash: "SHA-256" }, opened.pkcs8),
    ).rejects.toThrow(/no single place/);
  });
});
