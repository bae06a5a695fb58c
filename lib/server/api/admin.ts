import "server-only";
/**
 * JSON API handlers of moderation and administration: the audit log (JSON or CSV), accounts and their
 * roles, hiding and showing an entry, and an entry's next unsigned version for its endorser. Each
 * resolves the actor (Bearer token or session) and the use case checks it (lib/server/admin).
 */
import { listUsers } from "@/db";
import { auditQuerySchema, hideBodySchema, roleChangeBodySchema } from "@/lib/accounts/admin-schemas";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { revisionFormSchema, toRevision } from "@/lib/entries/revision-form";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { jsonApiHandler } from "@/lib/http/handlers";
import { readCapped } from "@/lib/http/read-body";
import { clientAddress } from "@/lib/http/request-info";
import { jsonResponse } from "@/lib/http/responses";
import { attachment, DATA_HEADERS } from "@/lib/http/security-headers";
import type { z } from "zod";
import { actorOf, requireRole } from "../auth/actor";
import { auditCsv, auditLinesAs, changeRoleAs, hideEntryAs, requireEndorserOf, revisionAs, showEntryAs } from "../admin/use-cases";
import { NO_PARAMS, parseParams } from "./params";

const MAX_BODY = 16 * 1024;
const NO_STORE = { "Cache-Control": "no-store" };

/** A small JSON (or, from a page's form, urlencoded) body, validated; a bad one is a 400 saying why. */
async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  const text = (await readCapped(request, MAX_BODY)).toString("utf8");
  let raw: unknown;
  if (type === "application/x-www-form-urlencoded") raw = Object.fromEntries(new URLSearchParams(text));
  else if (type === "application/json" || type === undefined) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError("bad_request", "the body must be JSON");
    }
  } else throw new AppError("unsupported_media_type", "send application/json");
  const result = schema.safeParse(raw);
  if (!result.success) throw new AppError("bad_request", result.error.issues.map((issue) => issue.message).join("; "));
  return result.data;
}

function wantsCsv(request: Request, format: string | undefined): boolean {
  if (format) return format === "csv";
  const accept = request.headers.get("accept") ?? "";
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}

export const auditHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  const actor = await actorOf(request);
  requireRole(actor, "admin");
  const params = new URL(request.url).searchParams;
  const query = parseParams(auditQuerySchema, params);
  const csv = wantsCsv(request, query.format);
  if (!csv && (query.limit ?? 0) > 1000)
    throw new AppError("bad_request", "invalid query parameters: limit: at most 1000 for JSON (10000 for CSV)");
  const page = await auditLinesAs(actor, query, { csv, rawUntil: params.get("until") ?? undefined });
  if (csv) {
    return new Response(auditCsv(page.items), {
      status: 200,
      headers: {
        ...DATA_HEADERS,
        ...NO_STORE,
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": attachment("audit-log.csv"),
      },
    });
  }
  return jsonResponse(200, page, NO_STORE);
});

export const listUsersHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  requireRole(await actorOf(request), "admin");
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return jsonResponse(200, { items: await listUsers() }, NO_STORE);
});

export const patchUserHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  assertNotCrossSite(request);
  const actor = await actorOf(request);
  requireRole(actor, "admin");
  const { role } = await readBody(request, roleChangeBodySchema);
  return jsonResponse(200, await changeRoleAs(actor, id, role, clientAddress(request)), NO_STORE);
});

export const hideHandler = jsonApiHandler(async (request: Request, key: EntryKey): Promise<Response> => {
  assertNotCrossSite(request);
  const actor = await actorOf(request);
  requireRole(actor, "moderator");
  const { reason } = await readBody(request, hideBodySchema);
  const state = await hideEntryAs(actor, key, reason, clientAddress(request));
  return jsonResponse(200, { hidden: true, ...state }, NO_STORE);
});

export const showHandler = jsonApiHandler(async (request: Request, key: EntryKey): Promise<Response> => {
  assertNotCrossSite(request);
  const actor = await actorOf(request);
  requireRole(actor, "moderator");
  await showEntryAs(actor, key, clientAddress(request));
  return new Response(null, { status: 204, headers: NO_STORE });
});

/**
 * `POST .../revision` (JSON, or the entry page's form): the entry's next version, unsigned, as an XML
 * attachment to sign with `marketplace sign-metadata` and upload back.
 */
export const revisionHandler = jsonApiHandler(async (request: Request, key: EntryKey): Promise<Response> => {
  assertNotCrossSite(request);
  const actor = await actorOf(request);
  // Who asks is checked before what they ask: a stranger learns nothing from the form's validation.
  await requireEndorserOf(actor, key.email);
  const revision = toRevision(await readBody(request, revisionFormSchema), new Date());
  if ("error" in revision) throw new AppError("bad_request", revision.error);
  const { xml, fileName } = await revisionAs(actor, key, revision);
  return new Response(xml, {
    status: 200,
    headers: {
      ...DATA_HEADERS,
      ...NO_STORE,
      "Content-Type": "application/rdf+xml; charset=utf-8",
      "Content-Disposition": attachment(fileName),
    },
  });
});
