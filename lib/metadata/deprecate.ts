/**
 * Deprecation is a newer signed entry carrying slterms:deprecated (reference section 4.6). This
 * prepares the unsigned document from the current entry; signing then renews the endorsement. Unlike
 * the original client, the endorsement stays where the schema wants it instead of moving to the end.
 */
import { XMLSerializer } from "@xmldom/xmldom";
import { AppError } from "@/lib/errors";
import { NS } from "./namespaces";
import { removeSignatures } from "./signature/sign";
import { parseStrict } from "./xml/strict-parse";

export const DEFAULT_DEPRECATION_REASON = "This image has been deprecated";

export function prepareDeprecation(input: Uint8Array | string, reason: string = DEFAULT_DEPRECATION_REASON): string {
  const parsed = parseStrict(input);
  if (!parsed.ok) throw new AppError("unparseable_metadata", parsed.problem.message, { problems: [parsed.problem] });
  const document = parsed.document;
  removeSignatures(document);
  const description = document.getElementsByTagNameNS(NS.rdf, "Description")[0];
  if (!description) throw new AppError("invalid_metadata", "the entry has no rdf:Description");
  for (const old of Array.from(document.getElementsByTagNameNS(NS.slterms, "deprecated"))) old.parentNode?.removeChild(old);
  const prefix = description.lookupPrefix(NS.slterms);
  const deprecated = document.createElementNS(NS.slterms, prefix ? `${prefix}:deprecated` : "deprecated");
  deprecated.appendChild(document.createTextNode(reason));
  description.appendChild(deprecated);
  return new XMLSerializer().serializeToString(document as never);
}
