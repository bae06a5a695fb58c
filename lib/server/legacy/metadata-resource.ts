import "server-only";
/**
 * The original `/metadata` resources (reference sections 4.2-4.5) for every representation but HTML
 * (the pages serve that): the list as `<metadata>` XML or DataTables JSON, one entry as its signed
 * XML or RDF/JSON, the tag mode, and uploads.
 */
import { findByTag, listEntries, listEntryDocuments } from "@/db/entries";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { negotiate } from "@/lib/http/negotiate";
import { baseUrl, entryPath } from "@/lib/http/request-info";
import { readCapped } from "@/lib/http/read-body";
import { htmlStatusPage, jsonResponse, legacyErrorResponse, textResponse, XML_DECLARATION, xmlResponse } from "@/lib/http/responses";
import { errorRepresentation } from "@/lib/http/negotiate";
import { BASE_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { uploadMetadata } from "../upload";
import { dataTablesBody, legacyListRequest } from "./datatables";
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
  if (representation === "json") return jsonResponse(200, dataTablesBody(await listEntries(query), echo));
  const documents = await listEntryDocuments(query, { all: !paged });
  if (documents.length === 0 && filtered) throw new AppError("not_found", NO_MATCH);
  const body = documents.map((d) => Buffer.from(d).toString("utf8").replace(/^\uFEFF?<\?xml[^?]*\?>\s*/, "")).join("");
  return xmlResponse(200, `${XML_DECLARATION}<metadata>${body}</metadata>`);
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
    return new Response(page, { status: 201, headers: { ...BASE_SECURITY_HEADERS, "Content-Type": "text/html; charset=utf-8", Location: location } });
  }
  return textResponse(201, "metadata entry created", { Location: location });
}
