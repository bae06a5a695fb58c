import "server-only";
/** One SPARQL query from a visitor: checked and capped (query-policy.ts), then run by the engine. */
import { allowedQuery, MAX_ROWS } from "./query-policy";
import { sparqlEngine, type ResultsFormat } from "./sparql-service";

export interface SparqlResult {
  body: string;
  /** The engine stopped at the result cap the query was given. */
  capped: boolean;
  limit: number;
}

export async function runSparql(text: string, format: ResultsFormat): Promise<SparqlResult> {
  const allowed = allowedQuery(text);
  const body = await sparqlEngine().query(allowed.text, format);
  return { body, capped: allowed.capped, limit: MAX_ROWS };
}
