import { baseUrl } from "@/lib/http/request-info";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { apiIndex } from "@/lib/server/api/api-index";
import { NO_PARAMS, parseParams } from "@/lib/server/api/params";

/** `/api/v1`: where the API's resources and its OpenAPI description are. */
export const GET = jsonApiHandler((request) => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return jsonResponse(200, apiIndex(baseUrl(request).replace(/\/$/, "")), { "Cache-Control": "public, max-age=3600" });
});
