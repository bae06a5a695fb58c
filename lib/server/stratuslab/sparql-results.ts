/**
 * SPARQL query results documents (W3C SPARQL Query Results XML and JSON formats), the representation
 * the original gave the endorser resources (reference section 4.9).
 */
import { escapeXml } from "@/lib/http/escape";
import { XML_DECLARATION } from "@/lib/http/responses";

export type Row = Record<string, string | undefined>;

export function sparqlResultsXml(variables: string[], rows: Row[]): string {
  const head = variables.map((v) => `<variable name="${v}"/>`).join("");
  const results = rows
    .map((row) => {
      const bindings = variables
        .filter((v) => row[v] !== undefined)
        .map((v) => `<binding name="${v}"><literal>${escapeXml(row[v] as string)}</literal></binding>`)
        .join("");
      return `<result>${bindings}</result>`;
    })
    .join("");
  return `${XML_DECLARATION}<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>${head}</head><results>${results}</results></sparql>`;
}

export function sparqlResultsJson(variables: string[], rows: Row[]): unknown {
  return {
    head: { vars: variables },
    results: {
      bindings: rows.map((row) =>
        Object.fromEntries(variables.filter((v) => row[v] !== undefined).map((v) => [v, { type: "literal", value: row[v] }])),
      ),
    },
  };
}
