import type { Metadata } from "next";
import { connection } from "next/server";
import { PageHeader } from "@/components/layout/page-header";
import { SparqlResultsTable, type SparqlTable } from "@/components/query/sparql-results-table";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { AppError } from "@/lib/errors";
import { setPageStatus } from "@/lib/process-hooks";
import { runSparql } from "@/lib/server/sparql/run-query";

export const metadata: Metadata = { title: "SPARQL query" };

const EXAMPLE = `PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX slterms: <http://mp.stratuslab.eu/slterms#>
SELECT ?identifier ?os ?created
WHERE {
  ?entry dcterms:identifier ?identifier ;
         slterms:os ?os .
  OPTIONAL { ?entry dcterms:created ?created }
}
LIMIT 20`;

/** The original's HTML form of `GET /query` (reference section 4.9), with the results as a table. */
export default async function QueryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const raw = (await searchParams).query;
  const query = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  let table: SparqlTable | undefined;
  let capped = false;
  let limit = 0;
  let problem: string | undefined;
  if (query.trim() !== "") {
    try {
      const result = await runSparql(query, "application/sparql-results+json");
      const parsed = JSON.parse(result.body) as { head: { vars: string[] }; results: { bindings: SparqlTable["rows"] } };
      table = { variables: parsed.head.vars, rows: parsed.results.bindings };
      capped = result.capped;
      limit = result.limit;
    } catch (error) {
      if (!AppError.is(error)) throw error;
      setPageStatus(error.status);
      problem = error.message;
    }
  }
  return (
    <>
      <PageHeader title="SPARQL query">
        SELECT queries over the RDF of every entry in this Marketplace (no FROM, FROM NAMED, GRAPH or SERVICE). The same address answers
        SPARQL results XML or JSON to programs (<code className="font-mono">Accept: application/sparql-results+json</code>).
      </PageHeader>
      <Card className="space-y-4 p-4 sm:p-5">
        <form method="get" action="/query" className="space-y-3">
          <label htmlFor="sparql-query" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
            Query
          </label>
          <textarea
            id="sparql-query"
            name="query"
            rows={10}
            spellCheck={false}
            defaultValue={query || EXAMPLE}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "sparql-problem" : undefined}
            className="block w-full rounded-md border border-slate-300 bg-white p-3 font-mono text-[0.8125rem] text-slate-900 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100"
          />
          {problem ? (
            <p id="sparql-problem" role="alert" className="text-sm text-red-700 dark:text-red-400">
              {problem}
            </p>
          ) : null}
          <button type="submit" className={buttonClass({ size: "sm" })}>
            Run the query
          </button>
        </form>
        {table ? <SparqlResultsTable table={table} capped={capped} limit={limit} /> : null}
      </Card>
    </>
  );
}
