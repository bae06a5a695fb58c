import "server-only";
/**
 * The original `/metadata` resources (reference sections 4.2-4.5) for every representation but HTML
 * (the pages serve that): the list as `<metadata>` XML or DataTables JSON, one entry as its signed
 * XML or RDF/JSON, the tag mode, and uploads.
 */
import { findByTag, listEntries, streamEntrySummaries } from "@/db/entries";
import type { ListQuery } from "@/lib/entries/list-query";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { negotiate } from "@/lib/http/negotiate";
import { baseUrl, entryPath } from "@/lib/http/request-info";
import { readCapped } from "@/lib/http/read-body";
import { htmlResponse, htmlStatusPage, jsonResponse, legacyErrorResponse, textResponse } from "@/lib/http/responses";
import { DATA_HEADERS } from "@/lib/http/security-headers";
import { STREAM_CACHE_CONTROL, streamBody } from "@/lib/http/stream-body";
import { errorRepresentation } from "@/lib/http/negotiate";
import { uploadMetadata } from "../upload";
import { dataTablesBody, dataTablesHead, dataTablesRow, legacyListRequest } from "./datatables";
import { metadataListResponse } from "./metadata-list";
import { placeForWholeList } from "./unpaged-gate";
import { entryDocumentResponse, notFound } from "./entry-representation";

const NO_MATCH = "no metadata matching query found";

export async function getMetadata(request: Request, segments: string[]): Promise<Response> {
  try {
    const url = new URL(request.url);
    const representation = negotiate(url, request.headers.get("accept")) === "json" ? "json" : "xml";
    if (segments.length === 3) {
      const [identifier, email, created] = segments as [string, string, string];
      return await entryDocumentResponse({ identifier, email, created }, representation);
    }
    if (segments.length > 3) throw new AppError("not_found", NO_MATCH);
    const tag = url.searchParams.get("tag");
    if (segments.length === 1 && tag !== null) {
      return await entryDocumentResponse(await taggedEntry(segments[0] as string, tag), representation);
    }
    return await listResponse(url.searchParams, segments, representation);
  } catch (error) {
    return legacyErrorResponse(request, error);
  }
}

export async function postMetadata(request: Request, segments: string[]): Promise<Response> {
  try {
    const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    // The DataTables page posts its query as a form; that is a listing, not an upload.
    if (mediaType === "application/x-www-form-urlencoded") {
      const body = (await readCapped(request, 64 * 1024)).toString("utf8");
      const params = new URLSearchParams(new URL(request.url).search);
      for (const [name, value] of new URLSearchParams(body)) params.set(name, value);
      return await listResponse(params, segments, "json");
    }
    const { key } = await uploadMetadata(request);
    return created(request, key);
  } catch (error) {
    return legacyErrorResponse(request, error);
  }
}

async function listResponse(params: URLSearchParams, segments: string[], representation: "xml" | "json"): Promise<Response> {
  const { query, echo, paged, filtered } = legacyListRequest(params, segments);
  if (representation === "xml") return metadataListResponse(query, { paged, filtered });
  if (paged) return jsonResponse(200, dataTablesBody(await listEntries(query), echo));
  return dataTablesStream(query, echo);
}

/** The unpaged DataTables body: the totals first, then every matching row as the walk reaches it. */
async function dataTablesStream(query: ListQuery, echo: number): Promise<Response> {
  const release = await placeForWholeList(query);
  try {
    const totals = await listEntries({ ...query, pageSize: 1, page: 1 });
    const head = JSON.stringify(dataTablesHead(totals, echo, totals.total === 0));
    async function* chunks(): AsyncGenerator<string> {
      yield `${head.slice(0, -1)},"aaData":[`;
      let first = true;
      for await (const batch of streamEntrySummaries(query)) {
        if (batch.length === 0) continue;
        yield `${first ? "" : ","}${batch.map((entry) => JSON.stringify(dataTablesRow(entry))).join(",")}`;
        first = false;
      }
      yield "]}";
    }
    return new Response(streamBody(chunks(), { finish: release }), {
      status: 200,
      headers: { ...DATA_HEADERS, "Content-Type": "application/json; charset=utf-8", "Cache-Control": STREAM_CACHE_CONTROL },
    });
  } catch (error) {
    release();
    throw error;
  }
}

/** Tag mode: the tag is URL-decoded (by the router) and stripped of surrounding double quotes. */
async function taggedEntry(email: string, rawTag: string): Promise<EntryKey> {
  const tag = rawTag.replace(/^"(.*)"$/, "$1");
  const key = await findByTag(email, tag);
  if (!key) throw notFound();
  return key;
}

/** 201 with Location; the body is text, or an HTML status page when the client asked for HTML first. */
function created(request: Request, key: EntryKey): Response {
  const location = `${baseUrl(request)}${entryPath(key)}`;
  if (errorRepresentation(new URL(request.url), request.headers.get("accept")) === "html") {
    const page = htmlStatusPage(201, "Upload", "metadata entry created").replace(
      "<p><a href=\"/metadata\">",
      `<p><a href="/${entryPath(key)}">See the new entry</a> · <a href="/metadata">`,
    );
    return htmlResponse(201, page, { Location: location });
  }
  return textResponse(201, "metadata entry created", { Location: location });
}
