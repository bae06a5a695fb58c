/** create-certificate's PKCS#12: read back as sign-metadata reads it, and its signatures verify (here and in xmlsec1). */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";
import { inspectMetadata } from "@/lib/metadata/inspect";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { loadPkcs12 } from "./credentials";
import { createSelfSignedPkcs12, escapeDnValue } from "./self-signed-pkcs12";

describe("a self-signed PKCS#12 for newcomers", () => {
  it("holds an RSA 3072 key and a one-year certificate with CN and the email SAN; its signatures verify", async () => {
    const now = new Date();
    const { p12, certPem } = await createSelfSignedPkcs12({
      name: "Jane Tester, Ph.D.",
      email: "jane@example.org",
      days: 365,
      password: "pässword",
      now,
    });
    expect(() => loadPkcs12(p12, "wrong")).toThrow(/password/i);
    const credentials = loadPkcs12(p12, "pässword");
    expect(credentials.certificate.keyType).toBe("rsa");
    expect(credentials.certificate.keyBits).toBe(3072);
    expect(credentials.certificate.emails).toEqual(["jane@example.org"]);
    expect(credentials.certificate.subject).toBe("CN=Jane Tester\\, Ph.D.");
    expect(credentials.certificate.subject).toBe(credentials.certificate.issuer);
    expect(credentials.certificate.notAfter.getTime()).toBe(Math.floor((now.getTime() + 365 * 86_400_000) / 1000) * 1000);
    expect(credentials.certificate.notBefore.getTime()).toBeLessThan(now.getTime());

    const signed = signMetadata(readFixture("metadata/valid-minimal.xml"), credentials);
    const inspection = await inspectMetadata(signed, { now });
    expect(inspection.problems).toEqual([]);
    expect(inspection.valid).toBe(true);
    expect(inspection.entry?.endorsement.endorser?.email).toBe("jane@example.org");

    const xmlsec = spawnSync("xmlsec1", ["--version"]);
    if (xmlsec.status === 0) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "self-signed-"));
      try {
        fs.writeFileSync(path.join(dir, "cert.pem"), certPem);
        fs.writeFileSync(path.join(dir, "signed.xml"), signed);
        const args = [
          "--verify",
          "--trusted-pem",
          path.join(dir, "cert.pem"),
          "--enabled-reference-uris",
          "empty",
          "--enabled-key-data",
          "x509",
        ];
        const result = spawnSync("xmlsec1", [...args, path.join(dir, "signed.xml")], {
          encoding: "utf8",
        });
        expect(result.status, result.stderr).toBe(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 60_000);

  it("escapes RFC 4514 specials so a name stays one CN", () => {
    expect(escapeDnValue('A, B+C "D" <e>;f=g\\')).toBe('A\\, B\\+C \\"D\\" \\<e\\>\\;f\\=g\\\\');
    expect(escapeDnValue("#1 ")).toBe("\\#1\\ ");
  });
});
