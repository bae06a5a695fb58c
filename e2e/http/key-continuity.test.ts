/**
 * Nobody publishes or deprecates as another endorser (issue 6, item 3): an email's entries are
 * published only with keys that have published for it, or with a certificate from a trusted CA that
 * carries the email. The endorser and entry pages show the certificate history.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestLeaf } from "@/lib/metadata/pki/testing/test-pki";
import { errorText, request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument, testSigners } from "./signed-documents";

const VICTIM = "victim@example.org";
const VALIDITY = { notBefore: new Date("2000-01-01T00:00:00Z"), notAfter: new Date("2040-01-01T00:00:00Z") };

let server: MarketplaceServer;
let caDir: string;
const docs: Record<string, string> = {};
let victimIdentifier: string;

beforeAll(async () => {
  const { ca } = await testSigners();
  const victim = await createTestLeaf({
    issuer: ca,
    subject: "CN=Victim Endorser, O=StratusLab Project, C=EU",
    email: VICTIM,
    ...VALIDITY,
  });
  const selfSigned = await createTestLeaf({ subject: "CN=Victim Endorser, O=StratusLab Project, C=EU", email: VICTIM, ...VALIDITY });
  const noEmail = await createTestLeaf({ subject: "CN=Someone, O=Elsewhere", ...VALIDITY });
  const otherCa = await createTestLeaf({ issuer: ca, subject: "CN=Victim Laptop, O=StratusLab Project, C=EU", email: VICTIM, ...VALIDITY });
  const caWithoutEmail = await createTestLeaf({ issuer: ca, subject: "CN=Victim Endorser, O=StratusLab Project, C=EU", ...VALIDITY });
  const at = (day: number) => `2026-05-${String(day).padStart(2, "0")}T00:00:00Z`;
  docs.victim = await signedDocument({ image: "victim image", created: at(1), signer: victim, tag: "stable", title: "The real one" });
  docs.strangerNew = await signedDocument({
    image: "stranger image",
    created: at(2),
    signer: selfSigned,
    tag: "stable",
    title: "Impostor",
  });
  docs.strangerDeprecates = await signedDocument({ image: "victim image", created: at(3), signer: selfSigned, deprecated: "taken over" });
  docs.noEmailDeprecates = await signedDocument({
    image: "victim image",
    created: at(4),
    signer: noEmail,
    email: VICTIM,
    deprecated: "taken over",
  });
  docs.caWithoutEmail = await signedDocument({ image: "another image", created: at(5), signer: caWithoutEmail, email: VICTIM });
  docs.newTrustedKey = await signedDocument({ image: "laptop image", created: at(6), signer: otherCa, title: "From the new key" });
  victimIdentifier = /<dcterms:identifier>([^<]+)/.exec(docs.victim)![1]!;
  caDir = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-ca-"));
  fs.writeFileSync(path.join(caDir, "test-ca.pem"), ca.certPem);
  server = await startMarketplace({ CA_DIR: caDir });
  expect((await uploadXml(server.url, docs.victim!)).status).toBe(201);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(caDir, { recursive: true, force: true });
});

describe("key continuity", () => {
  it("holds, with 202 and the original's body, every upload for the email signed by a key that never published for it (email confirmation off)", async () => {
    for (const name of ["strangerNew", "strangerDeprecates", "noEmailDeprecates", "caWithoutEmail"]) {
      const reply = await uploadXml(server.url, docs[name]!);
      expect(reply.status, `${name}: ${reply.text}`).toBe(202);
      expect(reply.text, name).toBe("confirmation email sent for new metadata entry\n");
      const api = await request(`${server.url}/api/v1/entries`, {
        method: "POST",
        headers: { "Content-Type": "application/xml" },
        body: docs[name]!,
      });
      expect(api.status, name).toBe(202);
      expect(JSON.parse(api.text), name).toMatchObject({ outcome: "pending", pending: { reason: "new-key" } });
    }
  });

  it("leaves the victim's entry listed, undeprecated, and its tag resolving to it", async () => {
    const listed = JSON.parse((await request(`${server.url}/api/v1/entries?email=${VICTIM}`)).text);
    expect(listed.items.map((e: { title?: string; deprecated?: string }) => [e.title, e.deprecated])).toEqual([
      ["The real one", undefined],
    ]);
    const tagged = await request(`${server.url}/tag/${VICTIM}/stable`);
    expect(tagged.status).toBe(200);
    expect(tagged.text).toContain(`rdf:about="#${victimIdentifier}"`);
    expect((await request(`${server.url}/metadata/${victimIdentifier}`)).status).toBe(200);
  });

  it("admits a new key whose certificate comes from a trusted CA and carries the email", async () => {
    const reply = await uploadXml(server.url, docs.newTrustedKey!);
    expect(reply.status, errorText(reply)).toBe(201);
  });

  it("shows the certificate history on the endorser page and the entry page", async () => {
    const endorser = await request(`${server.url}/endorsers/${VICTIM}`, { headers: { Accept: "text/html" } });
    expect(endorser.text).toContain("Certificates");
    expect(endorser.text).toContain("CN=Victim Endorser, O=StratusLab Project, C=EU");
    expect(endorser.text).toContain("CN=Victim Laptop, O=StratusLab Project, C=EU");
    expect(endorser.text).toContain("First key to publish for this email");
    expect(endorser.text).toContain("certificate from a trusted CA carrying this email");
    expect(endorser.text).not.toContain("O=Elsewhere");
    const entry = await request(`${server.url}/metadata/${victimIdentifier}/${VICTIM}/2026-05-01T00:00:00Z`, {
      headers: { Accept: "text/html" },
    });
    expect(entry.text).toContain("Key continuity");
    // The address carries <wbr> break hints (and React's text separators) in the markup.
    expect(entry.text.replace(/<wbr\/>|<!-- -->/g, "")).toContain("Certificates of victim@example.org (2)");
  });
});

describe("settings the server cannot honour", () => {
  it("stop the start with a message saying why", async () => {
    await expect(startMarketplace({ UPLOAD_CONFIRMATION: "yes" })).rejects.toThrow(
      /exited with 2[\s\S]*UPLOAD_CONFIRMATION: must be "on" or "off"/,
    );
    await expect(startMarketplace({ UPLOAD_CONFIRMATION_DAYS: "0" })).rejects.toThrow(/exited with 2[\s\S]*UPLOAD_CONFIRMATION_DAYS/);
    await expect(startMarketplace({ TRUST_PROXY: "true" })).rejects.toThrow(
      /TRUST_PROXY=true would let every client choose its own address/,
    );
    await expect(startMarketplace({ CA_DIR: "/nonexistent/ca" })).rejects.toThrow(/CA_DIR must name an existing directory/);
  });
});
