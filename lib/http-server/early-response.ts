/**
 * An error answered by the server process itself (request-guard.ts, overload, shutdown), in the same
 * formats as the application's: the JSON API's `{ error }` under /api, elsewhere the original
 * protocol's `<error>` XML, JSON or HTML page chosen by `?media=` and the first Accept type.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppError } from "@/lib/errors";
import { apiErrorResponse, stratuslabErrorResponse } from "@/lib/http/responses";

export async function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: AppError,
  options: { close?: boolean } = {},
): Promise<void> {
  const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
  const media = /[?&]media=(xml|json|html)(&|$)/i.exec(req.url ?? "")?.[1];
  // A URL we can build whatever the request's target held: only what the error format depends on.
  const url = `http://localhost/${rawPath.startsWith("/api/") ? "api/" : ""}${media ? `?media=${media.toLowerCase()}` : ""}`;
  const accept = typeof req.headers.accept === "string" ? req.headers.accept : "";
  const request = new Request(url, { method: "GET", headers: { accept } });
  const response = rawPath.startsWith("/api/") ? apiErrorResponse(request, error) : stratuslabErrorResponse(request, error);
  const body = req.method === "HEAD" ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = Object.fromEntries(response.headers);
  headers["content-length"] = String(req.method === "HEAD" ? 0 : body.length);
  if (options.close) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(body);
}
