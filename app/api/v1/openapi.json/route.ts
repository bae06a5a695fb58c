import { baseUrl } from "@/lib/http/request-info";
import { jsonResponse } from "@/lib/http/responses";
import { openApiDocument } from "@/lib/server/api/openapi";

export function GET(request: Request) {
  return jsonResponse(200, openApiDocument(baseUrl(request).replace(/\/$/, "")), { "Cache-Control": "public, max-age=3600" });
}
