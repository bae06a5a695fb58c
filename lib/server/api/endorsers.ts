import "server-only";
/** JSON API handlers for endorsers, their history and tags, and the listing's facets. */
import { endorserHistory, endorserTags, facets, listEndorsers } from "@/db/entries";
import { apiErrorResponse, jsonResponse } from "@/lib/http/responses";
import { rangeDays } from "../legacy/endorsers-resource";

export async function listEndorsersHandler(request: Request): Promise<Response> {
  try {
    return jsonResponse(200, { items: await listEndorsers() });
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}

export async function endorserHistoryHandler(request: Request, email: string): Promise<Response> {
  try {
    const days = rangeDays(new URL(request.url).searchParams.get("days"));
    return jsonResponse(200, { email, days, items: await endorserHistory(email, days) });
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}

export async function endorserTagsHandler(request: Request, email: string): Promise<Response> {
  try {
    return jsonResponse(200, { email, tags: await endorserTags(email) });
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}

export async function facetsHandler(request: Request): Promise<Response> {
  try {
    return jsonResponse(200, await facets(), { "Cache-Control": "public, max-age=30" });
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}
