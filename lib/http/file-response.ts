/**
 * A file as an HTTP response, as image downloads need it: `ETag`, `Accept-Ranges: bytes`, one byte
 * range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) answered 206, an unsatisfiable one 416, `If-None-Match`
 * 304, `If-Range` honoured, HEAD without a body. Several ranges in one request are answered with the
 * whole file (allowed by RFC 9110), which every download tool accepts.
 */
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { Readable } from "node:stream";

export interface FileResponseOptions {
  contentType: string;
  /** A strong validator of the content (quoted here), e.g. its SHA-256. */
  etag: string;
  /** Offered as the download's name. */
  fileName: string;
  headers?: Record<string, string>;
}

type ByteRange = { start: number; end: number } | "unsatisfiable" | undefined;

/** The one range a Range header asks for within `size` bytes; undefined for none or for several. */
export function parseByteRange(header: string | null, size: number): ByteRange {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from = "", to = ""] = match;
  if (from === "" && to === "") return undefined;
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || (to !== "" && Number(to) < start)) return "unsatisfiable";
  return { start, end };
}

/** Bytes served by byteResponse: their size, and a stream of bytes start..end (inclusive). */
export interface ByteSource {
  size: number;
  open(start: number, end: number): Promise<Readable>;
}

export function fileSource(file: string, size: number): ByteSource {
  return { size, open: async (start, end) => createReadStream(file, { start, end }) };
}

export async function fileResponse(request: Request, file: string, options: FileResponseOptions): Promise<Response> {
  const { size } = await fs.stat(file);
  return byteResponse(request, fileSource(file, size), options);
}

/** fileResponse for bytes kept anywhere (a file, an object store). */
export async function byteResponse(request: Request, source: ByteSource, options: FileResponseOptions): Promise<Response> {
  const { size } = source;
  const etag = `"${options.etag}"`;
  const common: Record<string, string> = {
    ETag: etag,
    "Accept-Ranges": "bytes",
    "Content-Type": options.contentType,
    "Content-Disposition": `attachment; filename="${options.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=31536000, immutable",
    ...options.headers,
  };
  const noneMatch = request.headers.get("if-none-match");
  if (noneMatch && noneMatch.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*")) {
    return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": common["Cache-Control"]! } });
  }
  const ifRange = request.headers.get("if-range");
  const range = ifRange && ifRange.trim() !== etag ? undefined : parseByteRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...common, "Content-Range": `bytes */${size}` } });
  }
  const head = request.method === "HEAD";
  const [status, start, end] = range ? [206, range.start, range.end] : [200, 0, size - 1];
  const headers = {
    ...common,
    "Content-Length": String(size === 0 ? 0 : end - start + 1),
    ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
  };
  if (head || size === 0) return new Response(null, { status, headers });
  const body = Readable.toWeb(await source.open(start, end)) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}
