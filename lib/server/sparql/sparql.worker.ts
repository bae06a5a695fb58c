/**
 * The SPARQL engine's thread (lib/server/sparql/sparql-service.ts drives it): an in-memory oxigraph
 * store holding each visible entry's RDF in a named graph of its own (so an entry can be taken out
 * again), queried over their union as the original's single store was. A query runs synchronously in
 * WebAssembly; the service stops one that runs too long by terminating this thread.
 */
import { parentPort } from "node:worker_threads";
import oxigraph from "oxigraph";
import type { RdfJson, RdfJsonObject } from "../../metadata/rdf-json";

export type SparqlRequest =
  | { kind: "add"; ticket: number; entries: Array<{ id: number; rdf: RdfJson }> }
  | { kind: "remove"; ticket: number; ids: number[] }
  | { kind: "query"; ticket: number; query: string; format: "application/sparql-results+json" | "application/sparql-results+xml" };

export type SparqlReply = { ticket: number; ok: true; body?: string } | { ticket: number; ok: false; message: string };

const store = new oxigraph.Store();
const graphOf = (id: number) => oxigraph.namedNode(`urn:appliance-marketplace:entry:${id}`);

function term(value: string, id: number) {
  // Blank node labels are per document (_:b0...): the entry's id keeps two documents' nodes apart.
  return value.startsWith("_:") ? oxigraph.blankNode(`e${id}${value.slice(2)}`) : oxigraph.namedNode(value);
}

function object(item: RdfJsonObject, id: number) {
  if (item.type === "uri") return oxigraph.namedNode(item.value);
  if (item.type === "bnode") return term(item.value, id);
  if (item.lang) return oxigraph.literal(item.value, item.lang);
  return oxigraph.literal(item.value, item.datatype ? oxigraph.namedNode(item.datatype) : undefined);
}

function add(id: number, rdf: RdfJson): void {
  const graph = graphOf(id);
  for (const [subject, predicates] of Object.entries(rdf))
    for (const [predicate, objects] of Object.entries(predicates))
      for (const item of objects) store.add(oxigraph.quad(term(subject, id), oxigraph.namedNode(predicate), object(item, id), graph));
}

function remove(id: number): void {
  for (const quad of store.match(null, null, null, graphOf(id))) store.delete(quad);
}

function handle(request: SparqlRequest): SparqlReply {
  try {
    if (request.kind === "add") {
      for (const entry of request.entries) add(entry.id, entry.rdf);
      return { ticket: request.ticket, ok: true };
    }
    if (request.kind === "remove") {
      for (const id of request.ids) remove(id);
      return { ticket: request.ticket, ok: true };
    }
    const body = store.query(request.query, { results_format: request.format, use_default_graph_as_union: true });
    return { ticket: request.ticket, ok: true, body: String(body) };
  } catch (error) {
    return { ticket: request.ticket, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on("message", (request: SparqlRequest) => parentPort?.postMessage(handle(request)));
