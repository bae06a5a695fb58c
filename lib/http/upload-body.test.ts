import { describe, expect, it } from "vitest";
import { AppError, type ErrorCode } from "@/lib/errors";
import { readUploadedDocument } from "./upload-body";

const XML = '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>';

function raw(body: string, contentType?: string): Request {
  return new Request("http://127.0.0.1/metadata", {
    method: "POST",
    body,
    headers: contentType === undefined ? {} : { "content-type": contentType },
  });
}

function multipart(form: FormData): Request {
  return new Request("http://127.0.0.1/metadata", { method: "POST", body: form });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, message: (error as AppError).message };
}

describe("readUploadedDocument", () => {
  it.each([["application/xml"], ["application/rdf+xml"], ["text/xml; charset=utf-8"], ["Application/XML"], ["application/octet-stream"]])(
    "reads a raw body sent as %s",
    async (type) => {
      expect((await readUploadedDocument(raw(XML, type), 1024)).toString()).toBe(XML);
    },
  );

  it("reads a raw body sent with no Content-Type", async () => {
    const request = new Request("http://127.0.0.1/metadata", { method: "POST", body: new TextEncoder().encode(XML) });
    expect(request.headers.get("content-type")).toBeNull();
    expect((await readUploadedDocument(request, 1024)).toString()).toBe(XML);
  });

  it.each([["text/plain"], ["application/json"], ["application/x-www-form-urlencoded"]])("refuses a %s body (415)", async (type) => {
    const { code, message } = await refusal(readUploadedDocument(raw(XML, type), 1024));
    expect(code).toBe("unsupported_media_type");
    expect(message).toContain(`cannot upload a ${type} body`);
  });

  it("refuses an empty raw body", async () => {
    expect(await refusal(readUploadedDocument(raw("", "application/xml"), 1024))).toEqual({
      code: "no_file",
      message: "no valid file uploaded: the request body is empty",
    });
  });

  it("refuses a raw body over the cap (413)", async () => {
    expect((await refusal(readUploadedDocument(raw("x".repeat(1025), "application/xml"), 1024))).code).toBe("payload_too_large");
  });

  it("takes the first part with a file name from a multipart form", async () => {
    const form = new FormData();
    form.append("comment", "not the file");
    form.append("empty", new File([], ""));
    form.append("metadata", new File([XML], "entry.xml", { type: "application/xml" }));
    form.append("second", new File(["<other/>"], "other.xml"));
    expect((await readUploadedDocument(multipart(form), 1024)).toString()).toBe(XML);
  });

  it("skips an empty file input (a part with an empty file name), as a browser sends it", async () => {
    const boundary = "----boundary";
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="other"; filename=""',
      "Content-Type: application/octet-stream",
      "",
      "",
      `--${boundary}`,
      'Content-Disposition: form-data; name="metadata"; filename="entry.xml"',
      "Content-Type: application/xml",
      "",
      XML,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    expect((await readUploadedDocument(raw(body, `multipart/form-data; boundary=${boundary}`), 1024)).toString()).toBe(XML);
  });

  it("refuses a form without a file", async () => {
    const form = new FormData();
    form.append("metadata", XML);
    expect(await refusal(readUploadedDocument(multipart(form), 1024))).toEqual({ code: "no_file", message: "no valid file uploaded" });
  });

  it("refuses a file over the cap although the form around it is allowed a little more", async () => {
    const form = new FormData();
    form.append("metadata", new File(["x".repeat(1025)], "entry.xml"));
    expect(await refusal(readUploadedDocument(multipart(form), 1024))).toEqual({
      code: "payload_too_large",
      message: "the file is 1025 bytes; the limit is 1024 bytes",
    });
  });

  it("refuses a form far over the cap before parsing it", async () => {
    const form = new FormData();
    form.append("metadata", new File(["x".repeat(1024 + 64 * 1024 + 1)], "entry.xml"));
    const { code, message } = await refusal(readUploadedDocument(multipart(form), 1024));
    expect(code).toBe("payload_too_large");
    expect(message).toMatch(/^the upload is (more than )?\d+ bytes; the limit is 66560 bytes/);
  });

  it("refuses a multipart body that is not a form", async () => {
    const { code, message } = await refusal(readUploadedDocument(raw("garbage", "multipart/form-data; boundary=xyz"), 1024));
    expect(code).toBe("bad_request");
    expect(message).toBe("the multipart form could not be read");
  });
});
