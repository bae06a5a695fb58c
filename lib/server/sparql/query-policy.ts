/**
 * What `GET /query` runs (reference section 4.9): SELECT queries only, without a dataset clause
 * (FROM, FROM NAMED) or a top-level GRAPH pattern, as the original allowed; and, past the original,
 * no SERVICE anywhere (a federated query would make this server fetch URLs a visitor chose). A syntax
 * error is a 400 with the parser's message. The result cap is written into the query itself: a LIMIT
 * of at most MAX_ROWS, so the engine never produces more.
 */
import sparqljs from "sparqljs";
import { AppError } from "@/lib/errors";

export const QUERY_NOT_ALLOWED = "query not allowed.";
export const MAX_ROWS = 10_000;
export const MAX_QUERY_CHARS = 20_000;

export interface AllowedQuery {
  /** The query to run: the visitor's, with its LIMIT capped at MAX_ROWS. */
  text: string;
  /** The cap cut the visitor's LIMIT (or its absence) down. */
  capped: boolean;
}

export function allowedQuery(text: string): AllowedQuery {
  if (text.length > MAX_QUERY_CHARS) throw new AppError("bad_request", `the query is longer than ${MAX_QUERY_CHARS} characters`);
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser().parse(text);
  } catch (error) {
    throw new AppError("bad_request", `the query cannot be parsed: ${firstLine(error)}`);
  }
  if (parsed.type !== "query" || parsed.queryType !== "SELECT") throw new AppError("bad_request", QUERY_NOT_ALLOWED);
  if ((parsed.from?.default.length ?? 0) > 0 || (parsed.from?.named.length ?? 0) > 0) throw new AppError("bad_request", QUERY_NOT_ALLOWED);
  if ((parsed.where ?? []).some((pattern) => pattern.type === "graph")) throw new AppError("bad_request", QUERY_NOT_ALLOWED);
  if (containsService(parsed)) throw new AppError("bad_request", QUERY_NOT_ALLOWED);
  const capped = parsed.limit === undefined || parsed.limit > MAX_ROWS;
  if (!capped) return { text, capped };
  parsed.limit = MAX_ROWS;
  return { text: new sparqljs.Generator().stringify(parsed), capped };
}

/** A SERVICE pattern at any depth (subqueries, OPTIONAL, UNION, MINUS, EXISTS filters). */
function containsService(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsService);
  if (node === null || typeof node !== "object") return false;
  if ((node as { type?: unknown }).type === "service") return true;
  return Object.values(node).some(containsService);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 300);
}
