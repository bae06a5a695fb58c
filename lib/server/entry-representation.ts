import "server-only";
/**
 * One entry in the original's representations (reference section 4.4): the stored signed document,
 * byte for byte, as an application/rdf+xml attachment; or its RDF/JSON as an attachment.
 */
import { entryHidden, getEntryRdfJson, getEntryXml, hiddenError } from "@/db";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { jsonResponse } from "@/lib/http/responses";
import { attachment, DOWNLOAD_HEADERS } from "@/lib/http/security-headers";

export async function entryDocumentResponse(key: EntryKey, representation: "xml" | "json"): Promise<Response> {
  await refuseHidden(key);
  if (representation === "json") {
    const rdfJson = await getEntryRdfJson(key);
    if (!rdfJson) throw entryNotFound();
    return jsonResponse(200, rdfJson, { ...DOWNLOAD_HEADERS, "Content-Disposition": attachment(downloadName(key, "json")) });
  }
  const xml = await getEntryXml(key);
  if (!xml) throw entryNotFound();
  return new Response(xml as BodyInit, {
    status: 200,
    headers: {
      ...DOWNLOAD_HEADERS,
      "Content-Type": "application/rdf+xml",
      "Content-Length": String(xml.byteLength),
      "Content-Disposition": attachment(downloadName(key, "xml")),
    },
  });
}

/**
 * `{identifier}-{created, basic ISO 8601}.{ext}`: every endorsement of an image has its own name, so
 * downloading two versions does not overwrite the first.
 */
export function downloadName(key: EntryKey, extension: "xml" | "json"): string {
  return `${key.identifier}-${key.created.replace(/[-:]/g, "")}.${extension}`;
}

export function entryNotFound(): AppError {
  return new AppError("not_found", "metadata entry not found.\n");
}

/** A 410 with the moderator's reason when the entry is hidden (db/moderation.ts). */
export async function refuseHidden(key: EntryKey): Promise<void> {
  const hidden = await entryHidden(key);
  if (hidden) throw hiddenError(hidden);
}
