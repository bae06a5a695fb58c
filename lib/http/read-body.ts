/**
 * Request bodies read with a hard cap before anything parses them (route handlers have no body limit
 * of their own): a Content-Length over the cap is refused at once, a body that grows past it is cut
 * off and refused (413).
 */
import { AppError } from "@/lib/errors";

export async function readCapped(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes);
  const reader = request.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(total, maxBytes, true);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(size: number, maxBytes: number, atLeast = false): AppError {
  return new AppError(
    "payload_too_large",
    `the upload is ${atLeast ? "more than " : ""}${size} bytes; the limit is ${maxBytes} bytes (metadata entries are a few kilobytes)`,
  );
}
