/** Any other /api path: a JSON 404 naming what exists, rather than the HTML not-found page. */
import { jsonResponse } from "@/lib/http/responses";

function notFound(request: Request): Response {
  const path = new URL(request.url).pathname;
  return jsonResponse(404, { error: { code: "not_found", message: `no API resource at ${path}; see /api/v1/openapi.json` } });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
