/**
 * The checks of the (canonical, signed) content: parse it once into the tree and the triples, run
 * the schema, constraint and RDF/XML grammar checks over the tree, and read the entry. The strict
 * parse already refused everything known to trip the content parser, so a throw here is a bug; it is
 * still turned into a problem, so that a document the code cannot read is refused (HTTP 400) with a
 * message instead of failing the request (HTTP 500).
 */
import type * as RDF from "@rdfjs/types";
import type { MetadataEntry } from "../model";
import { problem, type Problem } from "../problems";
import { checkConstraints } from "../validate/constraints";
import { checkRdfGrammar } from "../validate/rdf-grammar";
import { checkSchema } from "../validate/schema";
import { parseContent } from "./parse-content";
import { readEntry } from "./read-entry";

export interface ContentCheck {
  /** Problems and warnings, in the order the checks ran. */
  problems: Problem[];
  /** Absent when the content could not be read. */
  entry?: MetadataEntry;
  quads: RDF.Quad[];
}

export function checkContent(content: string): ContentCheck {
  try {
    const { root, quads, rdfError } = parseContent(content);
    const problems = [...checkSchema(root), ...checkConstraints(root)];
    const rdfProblems = checkRdfGrammar(root);
    if (rdfError !== undefined && rdfProblems.length === 0) {
      rdfProblems.push(problem("rdf.syntax", `invalid RDF/XML: ${rdfError}`, "rdf:RDF"));
    }
    problems.push(...rdfProblems);
    return { problems, entry: readEntry(root), quads };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [problem("xml.malformed", `the content could not be read: ${reason}`)], quads: [] };
  }
}
