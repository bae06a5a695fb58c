/**
 * The metadata file of an upload request (reference section 4.5): the raw XML body
 * (application/xml, application/rdf+xml, text/xml; tools that send no type are read the same way)
 * or a multipart form whose first part with a file name is the document.
 */
import { AppError } from "@/lib/errors";
import { readCapped } from "./read-body";

const RAW_TYPES = new Set(["application/xml", "application/rdf+xml", "text/xml", "application/octet-stream", ""]);

export async function readUploadedDocument(request: Request, maxBytes: number): Promise<Buffer> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "multipart/form-data") {
    // The form adds a little around the file; the file itself is checked against the cap again.
    const body = await readCapped(request, maxBytes + 64 * 1024);
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new AppError("bad_request", "the multipart form could not be read");
    }
    const file = [...form.values()].find((value): value is File => typeof value !== "string" && value.name !== "");
    if (!file) throw new AppError("no_file", "no valid file uploaded");
    if (file.size > maxBytes) throw new AppError("payload_too_large", `the file is ${file.size} bytes; the limit is ${maxBytes} bytes`);
    return Buffer.from(await file.arrayBuffer());
  }
  if (!RAW_TYPES.has(mediaType)) {
    throw new AppError(
      "unsupported_media_type",
      `cannot upload a ${mediaType} body: send the signed XML as application/xml (or application/rdf+xml), or as a multipart/form-data file`,
    );
  }
  const body = await readCapped(request, maxBytes);
  if (body.length === 0) throw new AppError("no_file", "no valid file uploaded: the request body is empty");
  return body;
}
