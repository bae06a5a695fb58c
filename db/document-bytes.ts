/**
 * Reading stored documents back. They are bytea, exactly as uploaded; but PGlite returns bytea as hex
 * text decoded in JavaScript, about 190 ms per MB here. As base64 text, which Node decodes natively,
 * the same read takes about a tenth of that, on PostgreSQL too. (Text through convert_from would be
 * faster still, but PGlite's text decoding drops a leading byte-order mark.)
 */
import { sql, type SQL } from "drizzle-orm";
import { entryDocuments } from "./schema";

/** The stored document as base64 (select this, then documentBytes). */
export const documentText: SQL<string> = sql<string>`encode(${entryDocuments.xml}, 'base64')`;

/** PostgreSQL's base64 has a line break every 76 characters, which Buffer ignores. */
export function documentBytes(base64: string): Uint8Array {
  return Buffer.from(base64, "base64");
}
