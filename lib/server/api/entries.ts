import "server-only";
/** JSON API handlers for entries: list with cursor paging, upload, one entry, its documents. */
import { entriesForImage, getEntry, listEntries } from "@/db/entries";
import { AppError } from "@/lib/errors";
import { listParamsSchema, toListQuery } from "@/lib/entries/list-query";
import type { EntryKey } from "@/lib/entries/types";
import { baseUrl, entryPath } from "@/lib/http/request-info";
import { apiErrorResponse, jsonResponse } from "@/lib/http/responses";
import { entryDocumentResponse } from "../legacy/entry-representation";
import { uploadMetadata } from "../upload";
import { parseParams } from "./params";

export async function listEntriesHandler(request: Request): Promise<Response> {
  try {
    const query = toListQuery(parseParams(listParamsSchema, new URL(request.url).searchParams));
    return jsonResponse(200, await listEntries(query), { "Cache-Control": "no-store" });
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}

export async function uploadEntryHandler(request: Request): Promise<Response> {
  try {
    const { key, outcome, inspection } = await uploadMetadata(request);
    const url = `${baseUrl(request)}${entryPath(key)}`;
    return jsonResponse(
      outcome === "created" ? 201 : 200,
      { key, url, outcome, trust: inspection.trust?.label, warnings: inspection.warnings },
      { Location: url },
    );
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}

export async function getEntryHandler(request: Request, key: EntryKey): Promise<Response> {
  try {
    const entry = await getEntry(key);
    if (!entry) throw new AppError("not_found", "no such metadata entry");
    const related = await entriesForImage(key.identifier);
    return jsonResponse(200, { ...entry, related });
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}

export async function entryDocumentHandler(request: Request, key: EntryKey, kind: "xml" | "json"): Promise<Response> {
  try {
    return await entryDocumentResponse(key, kind);
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}
