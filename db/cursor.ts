/**
 * Keyset cursors of the JSON API: the sort key and id of the last row of a page, bound to the query
 * they came from (filters, sort and order; not the page size). Opaque base64url with a checksum: a
 * cursor that was edited, truncated, or reused with another query is refused with a 400 rather than
 * silently giving a wrong page. The checksum is not a secret MAC: a forged cursor can only select a
 * position in the same query, with values bound as parameters.
 */
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";

export interface CursorPosition {
  /** The sort key of the last row, as text. */
  key: string;
  /** Its endorsement date, as timestamptz text. */
  created: string;
  id: number;
}

const VERSION = 1;
const MAX_KEY_LENGTH = 2_000;

export function encodeCursor(fingerprint: string, position: CursorPosition): string {
  const payload = Buffer.from(
    JSON.stringify({ v: VERSION, f: fingerprint, k: position.key, c: position.created, i: position.id }),
  ).toString("base64url");
  return `${payload}.${checksum(payload)}`;
}

export function decodeCursor(cursor: string, fingerprint: string): CursorPosition {
  const [payload, sum, ...rest] = cursor.split(".");
  if (!payload || !sum || rest.length > 0 || checksum(payload) !== sum) throw invalid("it is malformed or was altered");
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw invalid("it is malformed or was altered");
  }
  const { v, f, k, c, i } = (value ?? {}) as { v?: unknown; f?: unknown; k?: unknown; c?: unknown; i?: unknown };
  if (
    v !== VERSION ||
    typeof k !== "string" ||
    k.length > MAX_KEY_LENGTH ||
    typeof c !== "string" ||
    c.length > 40 ||
    typeof i !== "number" ||
    !Number.isSafeInteger(i) ||
    i < 1
  ) {
    throw invalid("it is malformed or was altered");
  }
  if (f !== fingerprint) throw invalid("it belongs to another query (the filters or the sort changed); start again without a cursor");
  return { key: k, created: c, id: i };
}

/** What a cursor is bound to, from a description of the query's filters and sort. */
export function queryFingerprint(description: unknown): string {
  return createHash("sha256").update(JSON.stringify(description)).digest("base64url").slice(0, 16);
}

function checksum(payload: string): string {
  return createHash("sha256").update(`marketplace-cursor\0${payload}`).digest("base64url").slice(0, 16);
}

function invalid(reason: string): AppError {
  return new AppError("bad_request", `invalid cursor: ${reason}`);
}
