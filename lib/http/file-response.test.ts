import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileResponse, parseByteRange } from "./file-response";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "file-response-"));
const file = path.join(dir, "image.img");
fs.writeFileSync(file, Buffer.from("0123456789"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const get = (headers: Record<string, string> = {}, method = "GET") =>
  fileResponse(new Request("http://x/a", { method, headers }), file, {
    contentType: "application/octet-stream",
    etag: "abc",
    fileName: "image.img",
  });

describe("a file as a response", () => {
  it("reads one byte range, as RFC 9110 writes them", () => {
    expect(parseByteRange("bytes=2-4", 10)).toEqual({ start: 2, end: 4 });
    expect(parseByteRange("bytes=7-", 10)).toEqual({ start: 7, end: 9 });
    expect(parseByteRange("bytes=-3", 10)).toEqual({ start: 7, end: 9 });
    expect(parseByteRange("bytes=5-100", 10)).toEqual({ start: 5, end: 9 });
    expect(parseByteRange("bytes=10-", 10)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=4-2", 10)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=-0", 10)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=0-1,4-5", 10)).toBeUndefined();
    expect(parseByteRange("items=0-1", 10)).toBeUndefined();
    expect(parseByteRange(null, 10)).toBeUndefined();
  });

  it("answers 200, 206, 416, 304 and HEAD with the headers a download tool needs", async () => {
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe("0123456789");
    expect(whole.headers.get("etag")).toBe('"abc"');
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    const part = await get({ range: "bytes=2-4" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 2-4/10");
    expect(await part.text()).toBe("234");
    expect((await get({ range: "bytes=20-" })).status).toBe(416);
    expect((await get({ "if-none-match": '"abc"' })).status).toBe(304);
    // A range for another version of the file: the whole current one.
    expect((await get({ range: "bytes=2-4", "if-range": '"old"' })).status).toBe(200);
    const head = await get({}, "HEAD");
    expect(head.headers.get("content-length")).toBe("10");
    expect(await head.text()).toBe("");
  });
});
