import "server-only";
/**
 * `GET /api/v1/pending`: the signed-in user's uploads that wait for their endorser email's
 * confirmation (those they uploaded, and those for their verified endorser emails); nobody else's.
 * A visitor gets 401.
 */
import { listPendingFor } from "@/db";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { actorOf, requireUser } from "../auth/actor";
import { NO_PARAMS, parseParams } from "./params";

export const listPendingHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const { user } = requireUser(await actorOf(request));
  return jsonResponse(200, { items: await listPendingFor(user.id) }, { "Cache-Control": "no-store" });
});
