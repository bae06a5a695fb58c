/**
 * The namespace constraints of Namespaces in XML 1.0 (sections 3 and 6.3) that xmldom does not
 * enforce and the RDF/XML parser does: the prefix `xml` belongs to the XML namespace and nothing
 * else does, the prefix `xmlns` and its namespace are never declared, and a prefix cannot be
 * undeclared (`xmlns:p=""` is XML 1.1). A document breaking one passed the strict parse and then
 * crashed the content parser; it is refused here.
 */
import { NS } from "../namespaces";
import { problem, type Problem } from "../problems";

export function checkReservedNamespaces(element: Element): Problem | undefined {
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes.item(i) as Attr;
    const declared = declaredPrefix(attribute);
    const wrong = declared === undefined ? undefined : checkDeclaration(declared, attribute.value);
    if (wrong) return problem("xml.namespace", wrong);
  }
  return undefined;
}

/** `""` for the default namespace (`xmlns="..."`), the prefix for `xmlns:p="..."`, undefined for other attributes. */
export function declaredPrefix(attribute: Attr): string | undefined {
  if (attribute.name === "xmlns") return "";
  return attribute.name.startsWith("xmlns:") ? attribute.name.slice("xmlns:".length) : undefined;
}

function checkDeclaration(prefix: string, uri: string): string | undefined {
  const written = `${prefix === "" ? "xmlns" : `xmlns:${prefix}`}="${uri}"`;
  if (prefix === "xmlns") return `the prefix xmlns is reserved for namespace declarations and may not be declared (found ${written})`;
  if (prefix === "xml") return uri === NS.xml ? undefined : `the prefix xml may only be bound to ${NS.xml} (found ${written})`;
  const who = prefix === "" ? "the default namespace" : `the prefix ${prefix}`;
  if (uri === NS.xml) return `${who} may not be bound to the XML namespace (${NS.xml}); only the prefix xml is`;
  if (uri === NS.xmlns) return `${who} may not be bound to ${NS.xmlns}, which is reserved for namespace declarations`;
  if (uri === "" && prefix !== "") return `${written} is not allowed: XML 1.0 cannot undeclare the prefix ${prefix}`;
  return undefined;
}
