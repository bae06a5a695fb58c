import "server-only";
/** JSON API handlers for endorsers, their history and tags, and the listing's facets. */
import { z } from "zod";
import { endorserHistory, endorserTags, facets, listEndorsers } from "@/db";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS, readHistoryRange, type HistoryRange } from "@/lib/entries/history-range";
import { NO_PARAMS, parseParams } from "./params";

const rangeValue = z
  .string()
  .transform((value, context): HistoryRange => {
    const range = readHistoryRange(value);
    if (range !== undefined) return range;
    context.addIssue({ code: "custom", message: `must be a whole number of days from 1 to ${MAX_HISTORY_DAYS}, or all` });
    return z.NEVER;
  })
  .optional();

/**
 * `range`: the history window of the page and the original protocol (lib/entries/history-range.ts),
 * default 30 days. `days` is its older name here, still accepted; not both.
 */
export const historyParamsSchema = z
  .object({ range: rangeValue, days: rangeValue })
  .refine((params) => params.range === undefined || params.days === undefined, { message: "give range or days, not both" });

export const listEndorsersHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return jsonResponse(200, { items: await listEndorsers() });
});

export const endorserHistoryHandler = jsonApiHandler(async (request: Request, email: string): Promise<Response> => {
  const params = parseParams(historyParamsSchema, new URL(request.url).searchParams);
  const days = params.range ?? params.days ?? DEFAULT_HISTORY_DAYS;
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
