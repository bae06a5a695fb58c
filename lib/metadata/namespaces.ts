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
