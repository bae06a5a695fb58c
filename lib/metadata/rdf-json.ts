/**
 * RDF/JSON (the Talis shape Jena writes): `{ subject: { predicate: [ { type, value, ... } ] } }`.
 * It is the `json` view of an entry (reference section 4.4). Blank nodes get stable `_:b0`, `_:b1`
 * labels in order of first appearance, so the same document always renders the same JSON.
 */
import type * as RDF from "@rdfjs/types";

export interface RdfJsonObject {
  type: "uri" | "bnode" | "literal";
  value: string;
  lang?: string;
  datatype?: string;
}

export type RdfJson = Record<string, Record<string, RdfJsonObject[]>>;

const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
const RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

export function toRdfJson(quads: readonly RDF.Quad[]): RdfJson {
  const labels = new Map<string, string>();
  const label = (term: RDF.Term): string => {
    if (term.termType !== "BlankNode") return term.value;
    let name = labels.get(term.value);
    if (!name) labels.set(term.value, (name = `_:b${labels.size}`));
    return name;
  };
  const out: RdfJson = {};
  for (const quad of quads) {
    const subject = (out[label(quad.subject)] ??= {});
    const objects = (subject[quad.predicate.value] ??= []);
    objects.push(toObject(quad.object, label));
  }
  return out;
}

function toObject(term: RDF.Term, label: (term: RDF.Term) => string): RdfJsonObject {
  if (term.termType === "NamedNode") return { type: "uri", value: term.value };
  if (term.termType === "BlankNode") return { type: "bnode", value: label(term) };
  const literal = term as RDF.Literal;
  const object: RdfJsonObject = { type: "literal", value: literal.value };
  if (literal.language) object.lang = literal.language;
  else if (literal.datatype && literal.datatype.value !== XSD_STRING && literal.datatype.value !== RDF_LANG_STRING) {
    object.datatype = literal.datatype.value;
  }
  return object;
}
