import "server-only";
/**
 * The original `/endorsers` resources (reference section 4.9) as SPARQL results XML or JSON: the
 * endorsers, one endorser's history over `range` days (the rule of lib/entries/history-range.ts:
 * default 30, a bad value falls back to 30), and an endorser's tags.
 */
import { endorserHistory, endorserTags, listEndorsers } from "@/db";
import { historyRange } from "@/lib/entries/history-range";
import { AppError } from "@/lib/errors";
import { negotiate } from "@/lib/http/negotiate";
import { stratuslabHandler } from "@/lib/http/handlers";
import { jsonResponse, xmlResponse } from "@/lib/http/responses";
import { sparqlResultsJson, sparqlResultsXml, type Row } from "./sparql-results";

export const getEndorsers = stratuslabHandler(async (request: Request, segments: string[]): Promise<Response> => {
  const url = new URL(request.url);
  const [email, sub, ...rest] = segments;
  let variables: string[];
  let rows: Row[];
  if (email === undefined) {
    variables = ["email", "subject", "issuer"];
    rows = (await listEndorsers()).map((e) => ({ email: e.email, subject: e.subject, issuer: e.issuer }));
  } else if (sub === undefined) {
    variables = ["identifier", "created", "description", "location", "deprecated", "email"];
    rows = (await endorserHistory(email, historyRange(url.searchParams.get("range")))).map((h) => ({
      identifier: h.identifier,
      created: h.created,
      description: h.description,
      location: h.locations[0],
      deprecated: h.deprecated,
      email: h.email,
    }));
  } else if (sub === "tags" && rest.length === 0) {
    variables = ["tag"];
    rows = (await endorserTags(email)).map((tag) => ({ tag }));
  } else {
    throw new AppError("not_found", "no such endorser resource");
  }
  return negotiate(url, request.headers.get("accept")) === "json"
    ? jsonResponse(200, sparqlResultsJson(variables, rows), { "Content-Type": "application/sparql-results+json; charset=utf-8" })
    : xmlResponse(200, sparqlResultsXml(variables, rows));
});
