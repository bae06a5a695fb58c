/**
 * A small immutable element tree of the signed content, built during the one SAX pass that also
 * produces the RDF triples. Validation and the model read only this tree, never the uploaded DOM.
 */
import { PREFIX_BY_NS, qualifiedName } from "../namespaces";

export interface XAttr {
  /** Namespace URI, "" for unqualified attributes. */
  ns: string;
  local: string;
  /** Name as written, e.g. `rdf:parseType`. */
  name: string;
  value: string;
}

export interface XElement {
  ns: string;
  local: string;
  /** Name as written, e.g. `slreq:checksum`. */
  name: string;
  attrs: XAttr[];
  children: XChild[];
}

export type XChild = XElement | string;

export function isElement(child: XChild): child is XElement {
  return typeof child !== "string";
}

export function elementChildren(element: XElement): XElement[] {
  return element.children.filter(isElement);
}

export function is(element: XElement, ns: string, local: string): boolean {
  return element.ns === ns && element.local === local;
}

export function childrenNamed(element: XElement, ns: string, local: string): XElement[] {
  return element.children.filter((c): c is XElement => isElement(c) && c.ns === ns && c.local === local);
}

export function firstChild(element: XElement, ns: string, local: string): XElement | undefined {
  return element.children.find((c): c is XElement => isElement(c) && c.ns === ns && c.local === local);
}

export function attr(element: XElement, ns: string, local: string): string | undefined {
  return element.attrs.find((a) => a.ns === ns && a.local === local)?.value;
}

/** All text of an element and its descendants, like DOM textContent (comments are already gone). */
export function textContent(element: XElement): string {
  let out = "";
  for (const child of element.children) out += typeof child === "string" ? child : textContent(child);
  return out;
}

/** Text content without the surrounding whitespace that pretty-printing adds. */
export function trimmedText(element: XElement): string {
  return textContent(element).trim();
}

export function hasElementChildren(element: XElement): boolean {
  return element.children.some(isElement);
}

/** Non-whitespace text directly inside an element (not in its children). */
export function directText(element: XElement): string {
  return element.children
    .filter((c): c is string => typeof c === "string")
    .join("")
    .trim();
}

/** `dcterms:type` with the usual prefix for StratusLab namespaces, the name as written otherwise. */
export function displayName(element: XElement): string {
  return PREFIX_BY_NS[element.ns] ? qualifiedName(element.ns, element.local) : element.name;
}
