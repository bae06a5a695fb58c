/** Namespace URIs of the StratusLab metadata format (reference section 1.2). */
export const NS = {
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  dcterms: "http://purl.org/dc/terms/",
  slreq: "http://mp.stratuslab.eu/slreq#",
  slterms: "http://mp.stratuslab.eu/slterms#",
  ds: "http://www.w3.org/2000/09/xmldsig#",
  xml: "http://www.w3.org/XML/1998/namespace",
  xmlns: "http://www.w3.org/2000/xmlns/",
} as const;

/**
 * Namespaces whose markup browsers act on, by name for messages. Entries are served as XML (and the
 * signed XML can be downloaded and opened), and a browser runs an XHTML `<script>` or an SVG `onload`
 * in any XML document, follows XLink and XInclude references, applies XSLT, and wires XML Events
 * handlers. Metadata never needs such markup, so the strict parse refuses any element, attribute or
 * namespace declaration that uses one of these, wherever it appears: simpler and safer than deciding
 * which uses are harmless. Browsers match namespace URIs exactly, so exact matching is enough. A Map,
 * so that a namespace URI such as `constructor` never finds an Object.prototype member.
 */
export const BROWSER_ACTIVE_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ["http://www.w3.org/1999/xhtml", "XHTML"],
  ["http://www.w3.org/2000/svg", "SVG"],
  ["http://www.w3.org/1998/Math/MathML", "MathML"],
  ["http://www.w3.org/1999/XSL/Transform", "XSLT"],
  ["http://www.w3.org/1999/xlink", "XLink"],
  ["http://www.w3.org/2001/XInclude", "XInclude"],
  ["http://www.w3.org/2003/XInclude", "XInclude"],
  ["http://www.w3.org/2001/xml-events", "XML Events"],
]);

/** The only value `rdf:RDF/@xml:base` may take. */
export const XML_BASE = "http://mp.stratuslab.eu/";

/** Usual prefixes, used when the code writes elements and in messages that name elements. */
export const PREFIX_BY_NS: Readonly<Record<string, string>> = {
  [NS.rdf]: "rdf",
  [NS.dcterms]: "dcterms",
  [NS.slreq]: "slreq",
  [NS.slterms]: "slterms",
  [NS.ds]: "ds",
  [NS.xml]: "xml",
};

/** `prefix:local` with the usual prefix, or `{ns}local` for foreign namespaces. */
export function qualifiedName(ns: string | null, local: string): string {
  if (!ns) return local;
  const prefix = PREFIX_BY_NS[ns];
  return prefix ? `${prefix}:${local}` : `{${ns}}${local}`;
}
