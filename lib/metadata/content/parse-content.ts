/**
 * One SAX pass over the signed content (canonical XML) that yields both the element tree and the
 * RDF triples. The RDF/XML parser is rdfxml-streaming-parser; this subclass hooks its protected tag
 * handlers to build the tree as the same events go by, so the text is tokenised once, and collects
 * the quads it pushes directly instead of through stream buffering (the content is already in memory).
 */
import type * as RDF from "@rdfjs/types";
import type { SaxesTagNS } from "@rubensworks/saxes";
import { RdfXmlParser } from "rdfxml-streaming-parser";
import { NS, XML_BASE } from "../namespaces";
import type { XAttr, XElement } from "./tree";

export interface ParsedContent {
  root: XElement;
  quads: RDF.Quad[];
  /** The RDF/XML parser's complaint, if any; the tree is complete even then. */
  rdfError?: string;
}

class TreeBuildingRdfXmlParser extends RdfXmlParser {
  readonly quads: RDF.Quad[] = [];
  readonly stack: XElement[] = [];
  root: XElement | undefined;
  rdfError: string | undefined;

  override push(chunk: unknown): boolean {
    if (chunk !== null) this.quads.push(chunk as RDF.Quad);
    return true;
  }

  protected override onTag(tag: SaxesTagNS): void {
    const element: XElement = {
      ns: tag.uri ?? "",
      local: tag.local ?? tag.name,
      name: tag.name,
      attrs: attributesOf(tag),
      children: [],
    };
    const parent = this.stack.at(-1);
    if (parent) parent.children.push(element);
    else this.root = element;
    this.stack.push(element);
    this.rdf(() => super.onTag(tag));
  }

  protected override onText(text: string): void {
    const parent = this.stack.at(-1);
    if (parent) {
      const last = parent.children.at(-1);
      if (typeof last === "string") parent.children[parent.children.length - 1] = last + text;
      else parent.children.push(text);
    }
    this.rdf(() => super.onText(text));
  }

  protected override onCloseTag(): void {
    this.stack.pop();
    this.rdf(() => super.onCloseTag());
  }

  /** After the first RDF/XML error the RDF side stops, but the tree is still built to the end. */
  private rdf(step: () => void): void {
    if (this.rdfError !== undefined) return;
    try {
      step();
    } catch (error) {
      this.rdfError = error instanceof Error ? error.message : String(error);
    }
  }
}

function attributesOf(tag: SaxesTagNS): XAttr[] {
  const out: XAttr[] = [];
  for (const key in tag.attributes) {
    const a = tag.attributes[key] as SaxesTagNS["attributes"][string];
    if (a.uri === NS.xmlns || a.name === "xmlns") continue;
    out.push({ ns: a.uri ?? "", local: a.local, name: a.name, value: a.value });
  }
  return out;
}

/**
 * Parse canonical content. It was written by the canonicalizer from a strictly parsed DOM, so an XML
 * error here is a bug and throws (checkContent turns it into a problem); RDF/XML errors are returned
 * as `rdfError`.
 */
export function parseContent(xml: string): ParsedContent {
  // The original indexed entries with this base; relative rdf:about values resolve against it.
  const parser = new TreeBuildingRdfXmlParser({ baseIRI: XML_BASE });
  let xmlError: Error | undefined;
  parser.on("error", (error: Error) => (xmlError ??= error));
  parser._transform(xml, "utf8", (error) => {
    if (error) xmlError ??= error;
  });
  if (xmlError || !parser.root || parser.stack.length > 0) {
    throw new Error(`not well-formed XML: ${xmlError?.message ?? "unclosed elements"}`);
  }
  const { root, quads, rdfError } = parser;
  return rdfError === undefined ? { root, quads } : { root, quads, rdfError };
}
