import "server-only";
/** JSON API handlers for endorsers, their history and tags, and the listing's facets. */
import { z } from "zod";
import { endorserHistory, endorserTags, facets, listEndorsers } from "@/db";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { DEFAULT_RANGE_DAYS } from "../stratuslab/endorsers-resource";
import { NO_PARAMS, parseParams } from "./params";

/** `days`: a whole number of days up to a century, or `all` (default 30). */
export const historyParamsSchema = z.object({
  days: z
    .union([z.literal("all"), z.coerce.number().int().min(1).max(36_500)], {
      message: "must be a whole number of days from 1 to 36500, or all",
    })
    .optional(),
});

export const listEndorsersHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return jsonResponse(200, { items: await listEndorsers() });
});

export const endorserHistoryHandler = jsonApiHandler(async (request: Request, email: string): Promise<Response> => {
  const days = parseParams(historyParamsSchema, new URL(request.url).searchParams).days ?? DEFAULT_RANGE_DAYS;
  return jsonResponse(200, { email, days, items: await endorserHistory(email, days) });
});

export const endorserTagsHandler = jsonApiHandler(async (request: Request, email: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return jsonResponse(200, { email, tags: await endorserTags(email) });
});

export const facetsHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return jsonResponse(200, await facets(), { "Cache-Control": "public, max-age=30" });
});
