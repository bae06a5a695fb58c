import "server-only";
/**
 * The original `GET /query?query=<SPARQL>` (reference section 4.9) over every visible entry's RDF,
 * answered by a real SPARQL engine (lib/server/sparql/): SPARQL results XML (the default, as the
 * original) or JSON by Accept or `?media=`; the HTML form is the page app/query. An empty query is a
 * 204; a refused one `400 query not allowed.`; one that runs too long is stopped with a 422.
 */
import { AppError } from "@/lib/errors";
import { stratuslabHandler } from "@/lib/http/handlers";
import { negotiate } from "@/lib/http/negotiate";
import { runSparql } from "../sparql/run-query";

export const getQuery = stratuslabHandler(async (request: Request, segments: string[]): Promise<Response> => {
  if (segments.length > 0) throw new AppError("not_found", "no such resource");
  const url = new URL(request.url);
  const json = negotiate(url, request.headers.get("accept")) === "json";
  const text = url.searchParams.get("query")?.trim() ?? "";
  if (text === "") return new Response(null, { status: 204 });
  const result = await runSparql(text, json ? "application/sparql-results+json" : "application/sparql-results+xml");
  return new Response(result.body, {
    status: 200,
    headers: {
      "Content-Type": `${json ? "application/sparql-results+json" : "application/sparql-results+xml"}; charset=utf-8`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...(result.capped ? { "X-Result-Limit": String(result.limit) } : {}),
    },
  });
});
