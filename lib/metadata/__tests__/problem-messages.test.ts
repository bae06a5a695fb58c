/**
 * What people read when a document is refused, on real reference files broken as people break them:
 * each problem once, in plain words, without the parser's or the verifier's internals, and saying
 * what to do next.
 */
import { describe, expect, it } from "vitest";
import { inspectMetadata } from "@/lib/metadata/inspect";
const NO_SIGNATURE = "no signature: sign it with `marketplace sign-metadata`";
import { readFixture } from "./fixtures";

const SIGNED = readFixture("marketplace/valid-indate-signature.xml").toString("utf8");
/** Internals the messages used to show: xmldom's wrapper, xml-crypto's validity flags, element names of XML-DSig. */
const INTERNALS = /Reporting|caused Error|fatalError|signature validation|validity:|ref=|DigestValue|KeyInfo|@#\[line/;

async function messages(document: string | Buffer): Promise<string[]> {
  return (await inspectMetadata(document)).problems.map((p) => p.message);
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe("messages of refused documents", () => {
  it.each([
    ["plain text", "this is not XML"],
    ["only an XML declaration", '<?xml version="1.0" encoding="UTF-8"?>\n'],
  ])("%s: no root element, said once, with what a metadata file is", async (_, text) => {
    expect(await messages(text)).toEqual([
      "the document is not XML: it has no root element (a metadata file starts with <rdf:RDF>; make one with marketplace build-metadata)",
    ]);
  });

  it("a truncated signed file: the parser's reason once, with its position, nothing else", async () => {
    const [message, ...rest] = await messages(SIGNED.slice(0, Math.floor(SIGNED.length / 2)));
    expect(rest).toEqual([]);
    expect(message).toMatch(
      /^the document is not well-formed XML: unclosed xml tag\(s\): rdf:RDF, rdf:Description.* \(line \d+, column \d+\)$/,
    );
    expect(message).not.toMatch(INTERNALS);
    expect(occurrences(message as string, "unclosed")).toBe(1);
  });

  it("mismatched tags: the reason once", async () => {
    const [message] = await messages(SIGNED.replace("</dcterms:identifier>", "</dcterms:title>"));
    expect(message).not.toMatch(INTERNALS);
    expect(occurrences(message as string, "mismatch")).toBe(1);
  });

  it("an unsigned reference file: no signature, and how to sign", async () => {
    expect(await messages(readFixture("metadata/valid-minimal.xml"))).toEqual([NO_SIGNATURE]);
    expect(NO_SIGNATURE).toBe("no signature: sign it with `marketplace sign-metadata`");
  });

  it("a signed reference file edited afterwards: changed after signing, sign again", async () => {
    const tampered = SIGNED.replace("<slreq:bytes>", "<slreq:bytes>1");
    expect(tampered).not.toBe(SIGNED);
    expect(await messages(tampered)).toEqual([
      "the document was changed after it was signed: sign it again with `marketplace sign-metadata` after your last edit",
    ]);
  });

  it("a signature value altered: the signature does not match, sign again, no verifier flags", async () => {
    const altered = SIGNED.replace(
      /(<(?:ds:)?SignatureValue[^>]*>\s*)(.)/,
      (_, open: string, c: string) => `${open}${c === "A" ? "B" : "A"}`,
    );
    expect(altered).not.toBe(SIGNED);
    const [message, ...rest] = await messages(altered);
    expect(rest).toEqual([]);
    expect(message).toMatch(
      /^the signature does not match the certificate in the document .*: sign it again with `marketplace sign-metadata`$/,
    );
    expect(message).not.toMatch(INTERNALS);
  });

  it("the document and the signature both altered: one problem, no verifier flags", async () => {
    const both = SIGNED.replace("<slreq:bytes>", "<slreq:bytes>1").replace(
      /(<(?:ds:)?SignatureValue[^>]*>\s*)(.)/,
      (_, open: string, c: string) => `${open}${c === "A" ? "B" : "A"}`,
    );
    const [message, ...rest] = await messages(both);
    expect(rest).toEqual([]);
    expect(message).toMatch(/^the signature does not match: the document and its signature were changed after signing/);
    expect(message).not.toMatch(INTERNALS);
  });
});
