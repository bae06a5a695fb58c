import "server-only";
/**
 * The original `/metadata` resources (reference sections 4.2-4.5) for every representation but HTML
 * (the pages serve that): the list as `<metadata>` XML or DataTables JSON, one entry as its signed
 * XML or RDF/JSON, the tag mode, and uploads.
 */
import { findByTag, listEntries, streamEntrySummaries } from "@/db";
import type { ListQuery } from "@/lib/entries/list-query";
import { entryPath, entryUrl } from "@/lib/entries/entry-urls";
import { tagFromRequest } from "@/lib/entries/tag";
import type { EntryKey } from "@/lib/entries/types";
import { negotiate } from "@/lib/http/negotiate";
import { baseUrl } from "@/lib/http/request-info";
import { readCapped } from "@/lib/http/read-body";
import { stratuslabHandler } from "@/lib/http/handlers";
import { htmlResponse, jsonResponse, stratuslabErrorResponse, textResponse } from "@/lib/http/responses";
import { DATA_HEADERS } from "@/lib/http/security-headers";
import { STREAM_CACHE_CONTROL, streamBody } from "@/lib/http/stream-body";
import { errorRepresentation } from "@/lib/http/negotiate";
import { AppError, toAppError } from "@/lib/errors";
import type { StoreOutcome } from "@/db";
import { UPLOAD_MESSAGES } from "@/lib/entries/upload-messages";
import { PENDING_MESSAGE } from "@/lib/accounts/upload-confirmation";
import type { Inspection } from "@/lib/metadata/inspect";
import { dryRunUpload, type DryRunReport } from "../dry-run-upload";
import { uploadMetadata } from "../upload";
import { uploadResultPage } from "./upload-result-page";
import { dataTablesBody, dataTablesHead, dataTablesRow, stratuslabListRequest } from "./datatables";
import { metadataListResponse } from "./metadata-list";
import { placeForWholeList } from "./unpaged-gate";
import { entryDocumentResponse, entryNotFound } from "../entry-representation";

const NO_MATCH = "no metadata matching query found";

export const getMetadata = stratuslabHandler(async (request: Request, segments: string[]): Promise<Response> => {
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
});

export const postMetadata = stratuslabHandler(async (request: Request, segments: string[]): Promise<Response> => {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  // The DataTables page posts its query as a form; that is a listing, not an upload.
  if (mediaType === "application/x-www-form-urlencoded") {
    const body = (await readCapped(request, 64 * 1024)).toString("utf8");
    const params = new URLSearchParams(new URL(request.url).search);
    for (const [name, value] of new URLSearchParams(body)) params.set(name, value);
    return await listResponse(params, segments, "json");
  }
  const html = errorRepresentation(new URL(request.url), request.headers.get("accept")) === "html";
  try {
    if (new URL(request.url).searchParams.get("dryRun") === "true") return dryRunResponse(request, await dryRunUpload(request), html);
    const { key, outcome, inspection, pending } = await uploadMetadata(request);
    if (outcome === "pending") return pendingResponse(key, inspection, html, pending?.expiresAt);
    return stored(request, key, outcome, inspection, html);
  } catch (error) {
    // A browser's refused upload gets the form's result page; unexpected failures go the usual way, which logs them.
    if (html && toAppError(error).code !== "internal") return refusedPage(error);
    throw error;
  }
});

async function listResponse(params: URLSearchParams, segments: string[], representation: "xml" | "json"): Promise<Response> {
  const { query, echo, paged, filtered } = stratuslabListRequest(params, segments);
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

/** Tag mode: the tag is URL-decoded (by the router) and stripped of surrounding double quotes (lib/entries/tag.ts). */
async function taggedEntry(email: string, rawTag: string): Promise<EntryKey> {
  const key = await findByTag(email, tagFromRequest(rawTag));
  if (!key) throw entryNotFound();
  return key;
}

/**
 * 201 with Location, also for the same bytes again (the original answered a re-upload so; its clients
 * check for 201); the text says which of the two it was, in the words of every interface
 * (UPLOAD_MESSAGES). A browser (HTML first in Accept) gets the result page of the upload form.
 */
function stored(request: Request, key: EntryKey, outcome: StoreOutcome, inspection: Inspection, html: boolean): Response {
  const location = entryUrl(baseUrl(request), key);
  const message = UPLOAD_MESSAGES[outcome];
  if (!html) return textResponse(201, message, { Location: location });
  const page = uploadResultPage({
    status: 201,
    tone: "success",
    heading: outcome === "created" ? "Metadata entry created" : "Already stored: nothing changed",
    message,
    title: inspection.entry?.title,
    trust: inspection.trust?.label,
    entryPath: entryPath(key),
    warnings: inspection.warnings,
  });
  return htmlResponse(201, page, { Location: location });
}

/**
 * 202 with the original's body, `confirmation email sent for new metadata entry\n` (reference section
 * 4.5); a browser gets the result page saying where the links went.
 */
function pendingResponse(key: EntryKey, inspection: Inspection, html: boolean, expiresAt?: Date): Response {
  if (!html) return textResponse(202, PENDING_MESSAGE);
  const page = uploadResultPage({
    status: 202,
    tone: "info",
    heading: "Waiting for the endorser's confirmation",
    message: `${UPLOAD_MESSAGES.pending}: ${key.email} received a mail with a link that publishes the entry${expiresAt ? ` (until ${expiresAt.toISOString()})` : ""}. It is not listed until then.`,
    title: inspection.entry?.title,
    trust: inspection.trust?.label,
    warnings: inspection.warnings,
  });
  return htmlResponse(202, page);
}

/**
 * `POST /metadata?dryRun=true`: 200 with "metadata valid: not stored (dry run)" when an upload would be
 * accepted, else 400 with every problem (joined, for the one `<error>` text of the original format).
 */
function dryRunResponse(request: Request, report: DryRunReport, html: boolean): Response {
  const status = report.valid ? 200 : 400;
  if (html) {
    const heading = report.valid ? "Valid: not stored (dry run)" : "Not valid (dry run)";
    return htmlResponse(
      status,
      uploadResultPage({
        status,
        tone: report.valid ? "info" : "failure",
        heading,
        message: report.message,
        title: report.title,
        trust: report.trust,
        problems: report.problems,
        warnings: report.warnings,
      }),
    );
  }
  if (report.valid) return textResponse(200, report.message);
  const problems =
    report.problems.length > 0 ? report.problems.map((p) => p.message).join("; ") : (report.refusal?.message ?? report.message);
  const prefix = report.problems.length > 0 ? "invalid metadata (dry run): " : "";
  return stratuslabErrorResponse(request, new AppError("bad_request", `${prefix}${problems}`));
}

/** A refused upload from the form without JavaScript: the result page with every problem. */
function refusedPage(error: unknown): Response {
  const appError = toAppError(error);
  const retry: Record<string, string> = appError.details.retryAfter ? { "Retry-After": String(appError.details.retryAfter) } : {};
  return htmlResponse(
    appError.status,
    uploadResultPage({
      status: appError.status,
      tone: "failure",
      heading: "The upload was refused",
      message: appError.message,
      problems: appError.details.problems,
    }),
    retry,
  );
}
