/**
 * Responses in the three representations of the original protocol, and error bodies in its formats
 * (reference section 4.5): `<error>` XML, `{"<status>": "<description>"}` JSON, or an HTML status page.
 */
import { STATUS_CODES } from "node:http";
import type { ApiError } from "@/lib/entries/api-responses";
import { AppError, toAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { escapeXml } from "./escape";
import { errorRepresentation, type Representation } from "./negotiate";
import { BASE_SECURITY_HEADERS, DATA_HEADERS, STATUS_PAGE_CSP } from "./security-headers";

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>';

export function textResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...DATA_HEADERS, "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

export function xmlResponse(status: number, body: BodyInit, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...DATA_HEADERS, "Content-Type": "application/xml; charset=utf-8", ...headers } });
}

/** An XML document of a user's own (a draft's, a build's) as a download: an attachment, sandboxed, never cached. */
export function xmlDownload(xml: string, fileName: string): Response {
  return xmlResponse(200, xml, {
    "Content-Disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
    "Cache-Control": "no-store",
  });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...DATA_HEADERS, "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

/** The HTML status page of the original (errors, 201 for browsers), with a CSP that allows no script. */
export function htmlResponse(status: number, page: string, headers: Record<string, string> = {}): Response {
  return new Response(page, {
    status,
    headers: {
      ...BASE_SECURITY_HEADERS,
      "Content-Security-Policy": STATUS_PAGE_CSP,
      "Content-Type": "text/html; charset=utf-8",
      ...headers,
    },
  });
}

export function htmlStatusPage(status: number, title: string, description: string): string {
  const reason = escapeXml(STATUS_CODES[status] ?? title);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${reason}</title><meta name="viewport" content="width=device-width"></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>${reason}</h1><table><tr><td>${escapeXml(description)}</td></tr></table><p><a href="/metadata">Back to the Marketplace</a></p></body></html>`;
}

/** An error for the original routes, in the format the request's first Accept type asks for. */
export function stratuslabErrorResponse(request: Request, error: unknown): Response {
  const appError = logUnexpected(request, error);
  const url = new URL(request.url);
  const representation: Representation = errorRepresentation(url, request.headers.get("accept"));
  const headers = retryHeaders(appError);
  const description = appError.message;
  if (representation === "xml") return xmlResponse(appError.status, `${XML_DECLARATION}<error>${escapeXml(description)}</error>`, headers);
  if (representation === "json") return jsonResponse(appError.status, { [String(appError.status)]: description }, headers);
  return htmlResponse(appError.status, htmlStatusPage(appError.status, "Error", description), headers);
}

/** An error of the JSON API: `{ error: { code, message, problems? } }`. */
export function apiErrorResponse(request: Request, error: unknown): Response {
  const appError = logUnexpected(request, error);
  const body: ApiError = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details.problems ? { problems: appError.details.problems } : {}),
      ...(Array.isArray(appError.details.fields) ? { fields: appError.details.fields as { field: string; message: string }[] } : {}),
    },
  };
  return jsonResponse(appError.status, body, retryHeaders(appError));
}

function retryHeaders(error: AppError): Record<string, string> {
  return {
    ...(error.details.retryAfter ? { "Retry-After": String(error.details.retryAfter) } : {}),
    ...(error.details.allow ? { Allow: error.details.allow } : {}),
  };
}

/** Unexpected errors are logged with their stack and reach the client only as "internal error". */
function logUnexpected(request: Request, error: unknown): AppError {
  const appError = toAppError(error);
  if (appError.code === "internal") {
    logger.error("request failed", { method: request.method, path: new URL(request.url).pathname, error: errorDetails(error) });
  }
  return appError;
}

/** The error and its causes (a driver error's code and message, cut short), for the server log only. */
function errorDetails(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error).slice(0, 500) };
  const causes: Array<Record<string, unknown>> = [];
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    causes.push({ name: cause.name, message: cause.message.slice(0, 500), ...(typeof code === "string" ? { code } : {}) });
  }
  return { name: error.name, message: error.message, stack: error.stack, ...(causes.length > 0 ? { causes } : {}) };
}
