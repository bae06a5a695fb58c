import "server-only";
/** JSON API handlers for entries: list with cursor paging, upload (or its dry run), one entry, its documents. */
import { z } from "zod";
import { entriesForImage, getEntry, listEntries } from "@/db";
import { AppError } from "@/lib/errors";
import { entryUrl } from "@/lib/entries/entry-urls";
import { listParamsSchema, toListQuery } from "@/lib/entries/list-query";
import type { UploadResult } from "@/lib/entries/api-responses";
import type { EntryKey } from "@/lib/entries/types";
import { UPLOAD_MESSAGES } from "@/lib/entries/upload-messages";
import { baseUrl } from "@/lib/http/request-info";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { dryRunUpload } from "../dry-run-upload";
import { entryDocumentResponse, refuseHidden } from "../entry-representation";
import { uploadMetadata } from "../upload";
import { NO_PARAMS, parseParams } from "./params";

/** `dryRun=true`: check everything, store nothing (lib/server/dry-run-upload.ts). */
export const uploadParamsSchema = z.object({ dryRun: z.enum(["true", "false"], { message: "must be true or false" }).optional() });

export const listEntriesHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  const query = toListQuery(parseParams(listParamsSchema, new URL(request.url).searchParams));
  return jsonResponse(200, await listEntries(query), { "Cache-Control": "no-store" });
});

export const uploadEntryHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  const { dryRun } = parseParams(uploadParamsSchema, new URL(request.url).searchParams);
  if (dryRun === "true") return jsonResponse(200, await dryRunUpload(request), { "Cache-Control": "no-store" });
  const { key, outcome, inspection, pending } = await uploadMetadata(request);
  const url = entryUrl(baseUrl(request), key);
  const body: UploadResult = {
    key,
    url,
    outcome,
    message: UPLOAD_MESSAGES[outcome],
    title: inspection.entry?.title,
    trust: inspection.trust?.label,
    warnings: inspection.warnings,
    ...(pending ? { pending: { reason: pending.reason, expiresAt: pending.expiresAt.toISOString() } } : {}),
  };
  // Pending: 202, and no Location (the entry is not published yet).
  if (outcome === "pending") return jsonResponse(202, body, { "Cache-Control": "no-store" });
  return jsonResponse(outcome === "created" ? 201 : 200, body, { Location: url });
});

export const getEntryHandler = jsonApiHandler(async (request: Request, key: EntryKey): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const entry = await getEntry(key);
  if (!entry) throw new AppError("not_found", "no such metadata entry");
  await refuseHidden(key);
  const related = await entriesForImage(key.identifier);
  return jsonResponse(200, { ...entry, related });
});

export const entryDocumentHandler = jsonApiHandler(async (request: Request, key: EntryKey, kind: "xml" | "json"): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return await entryDocumentResponse(key, kind);
});
