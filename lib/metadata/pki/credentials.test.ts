import { spawnSync } from "node:child_process";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import forge from "node-forge";
import { beforeAll, describe, expect, it } from "vitest";
import { CredentialsError, loadPem, loadPkcs12, type SigningCredentials } from "./credentials";
import { createTestCa, createTestLeaf, toPkcs12, type TestIdentity } from "./testing/test-pki";

let ca: TestIdentity;
let jane: TestIdentity;
let jim: TestIdentity;

beforeAll(async () => {
  ca = await createTestCa({ subject: "CN=Credentials CA, O=StratusLab Project, C=EU" });
  jane = await createTestLeaf({ email: "jane.tester@example.org" });
  jim = await createTestLeaf({ issuer: ca, subject: "CN=Jim Tester, OU=Testing Department, O=StratusLab Project, C=EU" });
});

/** The loaded key really is the certificate's key: it signs, and the certificate verifies. */
function expectUsable(credentials: SigningCredentials, identity: TestIdentity): void {
  expect(credentials.certificate.fingerprintSha256).toBe(identity.certificate.fingerprintSha256);
  expect(Buffer.from(credentials.certificate.der).equals(identity.certificate.der)).toBe(true);
  const signature = sign("sha256", Buffer.from("metadata"), credentials.privateKey);
  expect(verify("sha256", Buffer.from("metadata"), credentials.certificate.publicKey, signature)).toBe(true);
  expect(credentials.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
}

function expectCredentialsError(action: () => unknown, problem: CredentialsError["problem"], message: string | RegExp): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CredentialsError);
  expect((thrown as CredentialsError).problem).toBe(problem);
  if (typeof message === "string") expect((thrown as CredentialsError).message).toBe(message);
  else expect((thrown as CredentialsError).message).toMatch(message);
}

/** Key bag order in a PKCS#12 file, as friendly names, read independently with forge. */
function keyEntryAliases(p12: Uint8Array, password: string): string[] {
  const pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(p12).toString("binary")), false, password);
  return pfx.safeContents
    .flatMap((contents) => contents.safeBags)
    .filter((bag) => bag.type === forge.pki.oids.pkcs8ShroudedKeyBag)
    .map((bag) => String((bag.attributes as { friendlyName?: string[] }).friendlyName?.[0]));
}

function opensslPkcs12Info(p12: Uint8Array, password: string, legacy: boolean): string {
  const args = ["pkcs12", "-info", "-noout", "-passin", `pass:${password}`, ...(legacy ? ["-legacy"] : [])];
  const result = spawnSync("openssl", args, { input: p12, encoding: "utf8" });
  return `${result.stdout}${result.stderr}`;
}

describe("loadPkcs12", () => {
  it("reads an OpenSSL 3 default file (PBES2 AES-256-CBC, SHA-256 MAC)", () => {
    const p12 = toPkcs12(jane, "XYZXYZ");
    expect(opensslPkcs12Info(p12, "XYZXYZ", false)).toMatch(/MAC: sha256[\s\S]*AES-256-CBC/);
    const credentials = loadPkcs12(p12, "XYZXYZ");
    expectUsable(credentials, jane);
    expect(credentials.certificate.emails).toEqual(["jane.tester@example.org"]);
    expect(credentials.chain).toEqual([]);
  });

  it("reads a legacy file (3DES key, RC2-40 certificates, SHA-1 MAC)", () => {
    const p12 = toPkcs12(jane, "XYZXYZ", { legacy: true });
    expect(opensslPkcs12Info(p12, "XYZXYZ", true)).toMatch(/MAC: sha1[\s\S]*40BitRC2-CBC[\s\S]*3-KeyTripleDES-CBC/);
    expectUsable(loadPkcs12(p12, "XYZXYZ"), jane);
  });

  it("reads files protected with a non-ASCII password, modern and legacy", () => {
    expectUsable(loadPkcs12(toPkcs12(jane, "pässwörd €"), "pässwörd €"), jane);
    expectUsable(loadPkcs12(toPkcs12(jane, "pässwörd €", { legacy: true }), "pässwörd €"), jane);
  });

  it.each([false, true])("reports a wrong password with the original message (legacy: %s)", (legacy) => {
    const p12 = toPkcs12(jane, "XYZXYZ", { legacy });
    expectCredentialsError(() => loadPkcs12(p12, "wrong"), "wrong_password", "error loading certificate (wrong password?)");
    expectCredentialsError(() => loadPkcs12(p12, "wröng"), "wrong_password", "error loading certificate (wrong password?)");
  });

  it("takes the last of several key entries, like the Java signer", () => {
    const janeLast = toPkcs12(jane, "XYZXYZ", { extra: [jim] });
    expect(keyEntryAliases(janeLast, "XYZXYZ")).toEqual(["entry-1", "entry-2"]);
    expectUsable(loadPkcs12(janeLast, "XYZXYZ"), jane);

    const jimLast = toPkcs12(jim, "XYZXYZ", { extra: [jane], legacy: true });
    const credentials = loadPkcs12(jimLast, "XYZXYZ");
    expectUsable(credentials, jim);
    expect(credentials.chain).toEqual([]);
  });

  it("returns the CA certificates stored with the key as the chain, and not other entries' certificates", () => {
    const p12 = toPkcs12(jim, "XYZXYZ", { chain: [ca], extra: [jane] });
    const credentials = loadPkcs12(p12, "XYZXYZ");
    expectUsable(credentials, jim);
    expect(credentials.chain.map((c) => c.subject)).toEqual(["CN=Credentials CA,O=StratusLab Project,C=EU"]);
  });

  it("says when the file holds no private key", () => {
    const result = spawnSync("openssl", ["pkcs12", "-export", "-nokeys", "-passout", "pass:XYZXYZ"], { input: jane.certPem });
    expect(result.status).toBe(0);
    expectCredentialsError(
      () => loadPkcs12(new Uint8Array(result.stdout), "XYZXYZ"),
      "no_private_key",
      "no private key found in the PKCS#12 file",
    );
  });

  it("refuses a non-RSA key and says only RSA keys can sign", () => {
    const ec = spawnSync(
      "bash",
      [
        "-c",
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout - -subj /CN=EC -days 1 2>/dev/null" +
          " | openssl pkcs12 -export -passout pass:XYZXYZ",
      ],
      {},
    );
    expect(ec.status).toBe(0);
    expectCredentialsError(
      () => loadPkcs12(new Uint8Array(ec.stdout), "XYZXYZ"),
      "unsupported_key",
      /is ec; only RSA keys can sign metadata$/,
    );
  });

  it("reports a file that is not PKCS#12", () => {
    expectCredentialsError(() => loadPkcs12(new Uint8Array([1, 2, 3, 4]), "XYZXYZ"), "unreadable", /^error loading certificate/);
    expectCredentialsError(() => loadPkcs12(jane.certificate.der, "XYZXYZ"), "unreadable", /^error loading certificate/);
  });
});

describe("loadPem", () => {
  it("reads a PKCS#8 key with its certificate", () => {
    expectUsable(loadPem(jane.keyPem, jane.certPem), jane);
  });

  it("reads a PKCS#1 key", () => {
    const pkcs1 = jane.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    expect(pkcs1).toContain("BEGIN RSA PRIVATE KEY");
    expectUsable(loadPem(pkcs1, jane.certPem), jane);
  });

  it("reads an encrypted PKCS#8 key with its passphrase", () => {
    const encrypted = jane.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "secret" }).toString();
    expect(encrypted).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expectUsable(loadPem(encrypted, jane.certPem, "secret"), jane);
  });

  it.each(["pkcs8", "pkcs1"] as const)("reports a wrong or missing passphrase for an encrypted %s key", (type) => {
    const encrypted = jane.privateKey.export({ type, format: "pem", cipher: "aes-256-cbc", passphrase: "secret" }).toString();
    expectUsable(loadPem(encrypted, jane.certPem, "secret"), jane);
    for (const wrong of ["wrong", "secreT", ""]) {
      expectCredentialsError(
        () => loadPem(encrypted, jane.certPem, wrong),
        "wrong_password",
        "error loading certificate (wrong password?)",
      );
    }
    expectCredentialsError(
      () => loadPem(encrypted, jane.certPem),
      "wrong_password",
      "the private key is encrypted; a passphrase is required",
    );
  });

  it("reports a damaged unencrypted key as unreadable", () => {
    const damaged = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    expectCredentialsError(() => loadPem(damaged, jane.certPem), "unreadable", "error loading the private key (not a valid PEM key)");
  });

  it("finds the leaf matching the key in a chain file in any order, and orders the chain", () => {
    const credentials = loadPem(jim.keyPem, ca.certPem + jane.certPem + jim.certPem);
    expectUsable(credentials, jim);
    expect(credentials.chain.map((c) => c.subject)).toEqual(["CN=Credentials CA,O=StratusLab Project,C=EU"]);
  });

  it("refuses a key that does not match the certificate", () => {
    expectCredentialsError(() => loadPem(jim.keyPem, jane.certPem), "key_mismatch", "the private key does not match the certificate");
  });

  it("says when the key file holds no private key or the certificate file no certificate", () => {
    expectCredentialsError(() => loadPem(jane.certPem, jane.certPem), "no_private_key", "no private key found in the key file");
    expectCredentialsError(() => loadPem(jane.keyPem, jane.keyPem), "no_certificate", "no certificate found in the certificate file");
  });

  it.each(["pkcs8", "sec1"] as const)("refuses a non-RSA key (EC in %s form)", (type) => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type, format: "pem" }).toString();
    expectCredentialsError(
      () => loadPem(ec, jane.certPem),
      "unsupported_key",
      "the private key in the key file is ec; only RSA keys can sign metadata",
    );
  });

  it("reads one combined file holding the certificate and the key", () => {
    const combined = jim.certPem + jim.keyPem + ca.certPem;
    const credentials = loadPem(combined, combined);
    expectUsable(credentials, jim);
    expect(credentials.chain).toHaveLength(1);
  });
});
