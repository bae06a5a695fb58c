/**
 * A problem found in a metadata document. Checks collect every problem they can find instead of
 * stopping at the first, so an author sees all of them at once; the first one is what the original
 * protocol reports (`invalid metadata: <message>`).
 */
export interface Problem {
  /** Stable machine-readable code, e.g. `signature.digest_mismatch`. Never reworded. */
  code: ProblemCode;
  /** A sentence a person understands; for the original checks, the original message text. */
  message: string;
  /** The element concerned, as a readable path such as `rdf:RDF/rdf:Description/slreq:bytes`. */
  element?: string;
  /**
   * Warnings are reported but do not make a document invalid: rules of the original schema that the
   * original server never enforced and that real entries break (see `schema.order`).
   */
  severity?: "warning";
}

export type ProblemStage = "input" | "xml" | "signature" | "schema" | "constraint" | "rdf" | "endorser" | "trust";

/**
 * Every problem code, grouped by the stage that finds it. The stage is the part before the dot.
 * Codes are part of the public API (JSON errors, CLI output), so they are only ever added.
 */
export const PROBLEM_CODES = [
  // input and XML well-formedness
  "input.too_large",
  "input.empty",
  "input.encoding",
  "xml.malformed",
  "xml.doctype",
  "xml.entity_reference",
  "xml.processing_instruction",
  "xml.too_many_elements",
  "xml.too_deep",
  "xml.browser_namespace",
  "xml.namespace",
  "xml.character",
  // signature shape, algorithms, cryptography
  "signature.missing",
  "signature.invalid_element",
  "signature.multiple",
  "signature.misplaced",
  "signature.unexpected_content",
  "signature.reference_count",
  "signature.reference_uri",
  "signature.transforms",
  "signature.algorithm",
  "signature.key_info",
  "signature.certificate",
  "signature.weak_key",
  "signature.value_mismatch",
  "signature.digest_mismatch",
  "signature.timeout",
  // schema (what the original XSD enforced)
  "schema.root",
  "schema.xml_base",
  "schema.description",
  "schema.about",
  "schema.order",
  "schema.missing",
  "schema.cardinality",
  "schema.parse_type",
  "schema.value",
  "schema.unexpected",
  "schema.location",
  // constraint checks (the original ValidateMetadataConstraints, same messages)
  "constraint.xml_base",
  "constraint.type_count",
  "constraint.type_children",
  "constraint.sha1_count",
  "constraint.at_most_one",
  "constraint.about_identifier",
  "constraint.identifier_checksum",
  "constraint.sha1_value",
  "constraint.date",
  // RDF/XML
  "rdf.syntax",
  // endorser against certificate
  "endorser.inconsistent",
  // certificate policy
  "trust.refused",
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export function problem(code: ProblemCode, message: string, element?: string): Problem {
  return element === undefined ? { code, message } : { code, message, element };
}

export function warning(code: ProblemCode, message: string, element?: string): Problem {
  return { ...problem(code, message, element), severity: "warning" };
}

export function isWarning(p: Problem): boolean {
  return p.severity === "warning";
}

export function stageOf(code: ProblemCode): ProblemStage {
  return code.slice(0, code.indexOf(".")) as ProblemStage;
}
