import "server-only";
/**
 * `POST /api/v1/entries/{identifier}/{email}/{created}/integrity`: check the entry's image again now
 * (the integrity monitor, lib/server/integrity/), for its endorser (the owner of its verified email) or
 * a moderator. The answer is a 202: the check is a job, its findings appear on the entry.
 */
import { entryIntegrityState, ownsEndorserEmail } from "@/db";
import { hasRole } from "@/lib/accounts/roles";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { actorOf, requireUser } from "../auth/actor";
import { queueIntegrityCheck } from "../integrity/integrity-jobs";
import { NO_PARAMS, parseParams } from "./params";

export const integrityCheckHandler = jsonApiHandler(async (request: Request, key: EntryKey): Promise<Response> => {
  assertNotCrossSite(request);
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const { user } = requireUser(await actorOf(request));
  const entry = await entryIntegrityState(key);
  if (!entry) throw new AppError("not_found", "no such metadata entry");
  if (!hasRole(user.role, "moderator") && !(await ownsEndorserEmail(user.id, key.email)))
    throw new AppError(
      "forbidden",
      `only the endorser of ${key.email} (an account that verified this email) or a moderator can ask for a check`,
    );
  if (entry.notCurrent) throw new AppError("conflict", `only current entries are checked: this one is ${entry.notCurrent}`);
  if (entry.webLocations === 0) throw new AppError("conflict", "the entry has no http(s) location to check");
  const queued = await queueIntegrityCheck(entry.id);
  return jsonResponse(
    202,
    {
      queued,
      message: queued ? "the check is queued; its findings appear on the entry" : "a check of this entry was queued this minute already",
    },
    { "Cache-Control": "no-store" },
  );
});
