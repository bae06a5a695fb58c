import { baseUrl } from "@/lib/http/request-info";
import { apiErrorResponse, jsonResponse } from "@/lib/http/responses";
import { apiIndex } from "@/lib/server/api/api-index";
import { NO_PARAMS, parseParams } from "@/lib/server/api/params";

/** `/api/v1`: where the API's resources and its OpenAPI description are. */
export function GET(request: Request) {
  try {
    parseParams(NO_PARAMS, new URL(request.url).searchParams);
    return jsonResponse(200, apiIndex(baseUrl(request).replace(/\/$/, "")), { "Cache-Control": "public, max-age=3600" });
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}
