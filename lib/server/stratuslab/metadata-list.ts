import "server-only";
/**
 * The original `<metadata>` list (reference section 4.3): the XML declaration, then each listed entry's
 * stored document with its own declaration (and byte-order mark) removed, then `</metadata>`. Written
 * as a stream from the database, a page as much as a whole list: either costs the memory of a few
 * pieces of documents, whatever its length.
 */
import { listEntries, streamEntryDocuments, type DocumentPiece } from "@/db";
import type { ListQuery } from "@/lib/entries/list-query";
import { AppError } from "@/lib/errors";
import { XML_DECLARATION, xmlResponse } from "@/lib/http/responses";
import { STREAM_CACHE_CONTROL, streamBody } from "@/lib/http/stream-body";
import { placeForWholeList } from "./unpaged-gate";

const NO_MATCH = "no metadata matching query found";
const BOM = [0xef, 0xbb, 0xbf];
const DECLARATION_START = Buffer.from("<?xml");
const DECLARATION_END = Buffer.from("?>");

export async function metadataListResponse(query: ListQuery, options: { paged: boolean; filtered: boolean }): Promise<Response> {
  const release = options.paged ? () => undefined : await placeForWholeList(query);
  const documents = streamEntryDocuments(query, { paged: options.paged });
  let first: IteratorResult<DocumentPiece>;
  try {
    first = await documents.next();
  } catch (error) {
    release();
    throw error;
  }
  if (first.done && options.filtered) {
    release();
    throw new AppError("not_found", await noMatchMessage(query));
  }
  return xmlResponse(200, streamBody(listChunks(first, documents), { finish: release }), { "Cache-Control": STREAM_CACHE_CONTROL });
}

/**
 * The list shows valid entries unless asked otherwise, so an image whose entries are all expired or
 * deprecated looks absent: say so, and how to see them, rather than let the user think it was never
 * uploaded.
 */
async function noMatchMessage(query: ListQuery): Promise<string> {
  if (query.status === undefined) return NO_MATCH;
  const { total } = await listEntries({ ...query, status: undefined, pageSize: 1, page: 1 });
  if (total === 0) return NO_MATCH;
  const what = query.status === "valid" ? "no valid entry" : `no ${query.status} entry`;
  return `${NO_MATCH}: ${what}, but ${total === 1 ? "1 entry" : `${total} entries`} with another status; add ?status=all to list ${total === 1 ? "it" : "them"}`;
}

async function* listChunks(first: IteratorResult<DocumentPiece>, rest: AsyncIterator<DocumentPiece>): AsyncGenerator<Uint8Array | string> {
  yield `${XML_DECLARATION}<metadata>`;
  const bytesOf = (piece: DocumentPiece) => (piece.first ? withoutDeclaration(piece.bytes) : piece.bytes);
  try {
    if (!first.done) {
      yield bytesOf(first.value);
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield bytesOf(next.value);
    }
  } finally {
    await rest.return?.(undefined);
  }
  yield "</metadata>";
}

/** The document without a leading byte-order mark, XML declaration and the white space after it. */
export function withoutDeclaration(document: Uint8Array): Uint8Array {
  const bytes = Buffer.from(document.buffer, document.byteOffset, document.byteLength);
  let start = BOM.every((b, i) => bytes[i] === b) ? BOM.length : 0;
  if (bytes.subarray(start, start + DECLARATION_START.length).equals(DECLARATION_START)) {
    const end = bytes.indexOf(DECLARATION_END, start);
    if (end !== -1) {
      start = end + DECLARATION_END.length;
      while (start < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[start] as number)) start += 1;
    }
  }
  return bytes.subarray(start);
}
