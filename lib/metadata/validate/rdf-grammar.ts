/**
 * The RDF/XML grammar rules (W3C RDF 1.1 XML Syntax, section 7.2) that rdfxml-streaming-parser does
 * not enforce but Sesame Rio, the original server's parser, did. Without them two fixtures would pass:
 * a property element with both text and a property attribute (`<ex:dummy ex:badrdf="BAD">text`), and
 * a property element holding two node elements and text (`<ex:dummy><ex:a>alpha</ex:a>...`).
 * One problem is reported per offending element; its children are not checked again.
 */
import { NS } from "../namespaces";
import { problem, type Problem } from "../problems";
import { attr, directText, displayName, elementChildren, type XAttr, type XElement } from "../content/tree";

const NODE_ID_ATTRIBUTES = new Set(["about", "ID", "nodeID"]);

export function checkRdfGrammar(root: XElement): Problem[] {
  const problems: Problem[] = [];
  const path = displayName(root);
  if (root.ns === NS.rdf && root.local === "RDF") {
    for (const node of elementChildren(root)) {
      if (node.ns === NS.ds) continue; // the signature is not RDF; the original stripped it first
      checkNodeElement(node, `${path}/${displayName(node)}`, problems);
    }
  } else {
    checkNodeElement(root, path, problems);
  }
  return problems;
}

function checkNodeElement(node: XElement, path: string, problems: Problem[]): void {
  const text = directText(node);
  if (text) {
    problems.push(rdfProblem(`${displayName(node)} describes a resource and cannot hold text ("${abbreviate(text)}")`, path));
    return;
  }
  const idAttributes = node.attrs.filter((a) => a.ns === NS.rdf && NODE_ID_ATTRIBUTES.has(a.local));
  if (idAttributes.length > 1) {
    problems.push(rdfProblem(`${displayName(node)} may have only one of rdf:about, rdf:ID and rdf:nodeID`, path));
    return;
  }
  const misplaced = node.attrs.find((a) => a.ns === NS.rdf && ["resource", "parseType", "datatype", "li"].includes(a.local));
  if (misplaced) {
    problems.push(rdfProblem(`${displayName(node)} describes a resource and cannot have the attribute ${misplaced.name}`, path));
    return;
  }
  for (const property of elementChildren(node)) checkPropertyElement(property, `${path}/${displayName(property)}`, problems);
}

function checkPropertyElement(property: XElement, path: string, problems: Problem[]): void {
  const name = displayName(property);
  const parseType = attr(property, NS.rdf, "parseType");
  const children = elementChildren(property);
  const text = directText(property);
  const propertyAttributes = property.attrs.filter(isPropertyAttribute);
  const reference = property.attrs.find((a) => a.ns === NS.rdf && (a.local === "resource" || a.local === "nodeID"));

  if (parseType === "Literal") return;
  if (parseType !== undefined) {
    const extra = propertyAttributes[0] ?? reference ?? property.attrs.find((a) => a.ns === NS.rdf && a.local === "datatype");
    if (extra) {
      problems.push(rdfProblem(`${name} has rdf:parseType and ${extra.name}; RDF/XML does not allow both`, path));
      return;
    }
    if (text) {
      problems.push(rdfProblem(`${name} has rdf:parseType="${parseType}" and cannot hold text ("${abbreviate(text)}")`, path));
      return;
    }
    if (parseType === "Collection") for (const node of children) checkNodeElement(node, `${path}/${displayName(node)}`, problems);
    else for (const child of children) checkPropertyElement(child, `${path}/${displayName(child)}`, problems);
    return;
  }

  if (children.length === 0) {
    const hasText = property.children.length > 0;
    const offending = propertyAttributes[0] ?? (hasText ? reference : undefined);
    if (hasText && offending) {
      problems.push(
        rdfProblem(
          `${name} has text and the attribute ${offending.name}; RDF/XML allows such attributes only on empty property elements`,
          path,
        ),
      );
    }
    return;
  }

  if (text) {
    problems.push(rdfProblem(`${name} mixes text ("${abbreviate(text)}") with elements`, path));
    return;
  }
  if (children.length > 1) {
    problems.push(
      rdfProblem(
        `${name} contains ${children.length} elements; without rdf:parseType="Resource" a property element must contain exactly one resource description`,
        path,
      ),
    );
    return;
  }
  const extra = propertyAttributes[0] ?? reference;
  if (extra) {
    problems.push(rdfProblem(`${name} contains a resource description and cannot also have the attribute ${extra.name}`, path));
    return;
  }
  checkNodeElement(children[0] as XElement, `${path}/${displayName(children[0] as XElement)}`, problems);
}

/** Attributes that RDF/XML turns into triples: anything outside the rdf: and xml: vocabularies. */
function isPropertyAttribute(a: XAttr): boolean {
  if (a.ns === NS.xml) return false;
  if (a.ns === NS.rdf) return a.local === "type";
  return a.ns !== "" || !a.local.startsWith("xml");
}

function rdfProblem(message: string, path: string): Problem {
  return problem("rdf.syntax", `invalid RDF/XML: ${message}`, path);
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
