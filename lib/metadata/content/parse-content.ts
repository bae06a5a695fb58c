/**
 * One SAX pass over the signed content (canonical XML) that yields both the element tree and the
 * RDF triples. The RDF/XML parser is rdfxml-streaming-parser; this subclass hooks its protected tag
 * handlers to build the tree as the same events go by, so the text is tokenised once.
 */
import type * as RDF from "@rdfjs/types";
import type { SaxesTagNS } from "@rubensworks/saxes";
import { RdfXmlParser } from "rdfxml-streaming-parser";
import { NS, XML_BASE } from "../namespaces";
import type { XAttr, XElement } from "./tree";

export interface ParsedContent {
  root: XElement;
  quads: RDF.Quad[];
  /** The RDF/XML parser's complaint, if any; the tree is complete even then when the XML was fine. */
  rdfError?: string;
}

class TreeBuildingRdfXmlParser extends RdfXmlParser {
  readonly stack: XElement[] = [];
  root: XElement | undefined;

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
    super.onTag(tag);
  }

  protected override onText(text: string): void {
    const parent = this.stack.at(-1);
    if (parent) {
      const last = parent.children.at(-1);
      if (typeof last === "string") parent.children[parent.children.length - 1] = last + text;
      else parent.children.push(text);
    }
    super.onText(text);
  }

  protected override onCloseTag(): void {
    this.stack.pop();
    super.onCloseTag();
  }
}

function attributesOf(tag: SaxesTagNS): XAttr[] {
  const out: XAttr[] = [];
  for (const a of Object.values(tag.attributes)) {
    if (a.uri === NS.xmlns || a.name === "xmlns") continue;
    out.push({ ns: a.uri ?? "", local: a.local, name: a.name, value: a.value });
  }
  return out;
}

/**
 * Parse canonical content. XML errors are impossible for content the strict parser accepted and the
 * canonicalizer wrote, so they surface as exceptions; RDF/XML errors are returned as `rdfError`.
 */
export async function parseContent(xml: string): Promise<ParsedContent> {
  // The original indexed entries with this base; relative rdf:about values resolve against it.
  const parser = new TreeBuildingRdfXmlParser({ baseIRI: XML_BASE });
  const quads: RDF.Quad[] = [];
  let rdfError: string | undefined;
  await new Promise<void>((resolve) => {
    parser.on("data", (quad: RDF.Quad) => quads.push(quad));
    parser.on("error", (error: Error) => {
      rdfError ??= error.message;
      resolve();
    });
    parser.on("end", () => resolve());
    parser.end(xml);
  });
  if (!parser.root) throw new Error("the signed content has no root element");
  return rdfError === undefined ? { root: parser.root, quads } : { root: parser.root, quads, rdfError };
}
