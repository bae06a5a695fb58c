/**
 * Refused uploads as a person and an operator see them: the response says each problem once, in
 * plain words, with what to do next (the original protocol's `<error>` and the JSON API), and the
 * server logs one line per refusal with the reason code, the size and the client, never the document.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";
import { errorText, request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";

const SIGNED = readFixture("marketplace/valid-indate-signature.xml").toString("utf8");
const UNSIGNED = readFixture("metadata/valid-minimal.xml");
const INTERNALS = /Reporting|caused Error|fatalError|signature validation|validity:|ref=/;

let server: MarketplaceServer;

beforeAll(async () => {
  server = await startMarketplace({ LOG_LEVEL: "info" });
}, 90_000);
afterAll(() => server?.stop());

interface LogLine {
  message: string;
  [field: string]: unknown;
}

/** The server's JSON log lines with this message (the line is written before the response; the pipe may lag). */
async function logLines(message: string, count: number): Promise<LogLine[]> {
  let lines: LogLine[] = [];
  await vi.waitFor(
    () => {
      lines = server
        .output()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as LogLine)
        .filter((line) => line.message === message);
      expect(lines.length).toBeGreaterThanOrEqual(count);
    },
    { timeout: 10_000, interval: 50 },
  );
  return lines;
}

function apiUpload(
  xml: string | Buffer,
): Promise<{ status: number; body: { error: { code: string; message: string; problems?: Array<{ code: string; message: string }> } } }> {
  return request(`${server.url}/api/v1/entries`, {
    method: "POST",
    headers: { "Content-Type": "application/xml", Accept: "application/json" },
    body: typeof xml === "string" ? xml : new Uint8Array(xml),
  }).then((reply) => ({ status: reply.status, body: JSON.parse(reply.text) }));
}

describe("refused uploads", () => {
  it("an unsigned reference entry: no signature, and how to sign it, in both protocols", async () => {
    const reply = await uploadXml(server.url, UNSIGNED);
    expect(reply.status).toBe(400);
    expect(errorText(reply)).toBe("invalid metadata: no signature: sign it with `marketplace sign-metadata`");
    const api = await apiUpload(UNSIGNED);
    expect(api.status).toBe(400);
    expect(api.body.error.message).toBe("invalid metadata: no signature: sign it with `marketplace sign-metadata`");
    expect(api.body.error.problems?.map((p) => p.code)).toEqual(["signature.missing"]);
  });

  it("a truncated file: the parser's reason once, without its internals", async () => {
    const truncated = SIGNED.slice(0, Math.floor(SIGNED.length / 2));
    const reply = await uploadXml(server.url, truncated);
    expect(reply.status).toBe(400);
    const text = errorText(reply) ?? "";
    expect(text).toMatch(
      /^unable to parse metadata: the document is not well-formed XML: unclosed xml tag\(s\): [^]* \(line \d+, column \d+\)$/,
    );
    expect(text).not.toMatch(INTERNALS);
    expect(text.split("unclosed").length - 1).toBe(1);
    const api = await apiUpload("this is not XML");
    expect(api.body.error.message).toBe(
      "unable to parse metadata: the document is not XML: it has no root element (a metadata file starts with <rdf:RDF>; make one with marketplace build-metadata)",
    );
  });

  it("a signed entry edited afterwards: changed after signing, sign again", async () => {
    const reply = await uploadXml(server.url, SIGNED.replace("<slreq:bytes>", "<slreq:bytes>1"));
    expect(reply.status).toBe(400);
    expect(errorText(reply)).toBe(
      "invalid metadata: the document was changed after it was signed: sign it again with `marketplace sign-metadata` after your last edit",
    );
  });

  it("logs each refusal for the operator: reason, problem codes, size, client; never the document", async () => {
    const before = (await logLines("upload refused", 0)).length;
    const reply = await uploadXml(server.url, UNSIGNED, { "User-Agent": "refusal-test" });
    expect(reply.status).toBe(400);
    const lines = await logLines("upload refused", before + 1);
    const line = lines.find((l) => l.userAgent === "refusal-test");
    expect(line).toMatchObject({
      level: "info",
      reason: "invalid_metadata",
      problems: ["signature.missing"],
      status: 400,
      bytes: UNSIGNED.length,
      address: "127.0.0.1",
    });
    // Nothing of the document's text reaches the log.
    expect(server.output()).not.toContain("<rdf:RDF");
    expect(server.output()).not.toContain("<slreq:bytes>");
  });

  it("logs a refusal before the body is read with its declared size", async () => {
    const before = (await logLines("upload refused", 0)).length;
    const reply = await uploadXml(server.url, "x", { "Content-Type": "text/plain", "User-Agent": "refusal-test-415" });
    expect(reply.status).toBe(415);
    const line = (await logLines("upload refused", before + 1)).find((l) => l.userAgent === "refusal-test-415");
    expect(line).toMatchObject({
      reason: "unsupported_media_type",
      problems: ["unsupported_media_type"],
      status: 415,
      bytes: 1,
      address: "127.0.0.1",
    });
  });
});
