/**
 * Canonicalization with xml-crypto's C14N classes, applied directly to our strictly parsed DOM.
 *
 * Two things differ from calling SignedXml:
 * - The enveloped-signature transform is done by skipping the Signature element while writing,
 *   instead of deep-cloning the document (the clone costs more than the canonicalization itself).
 * - Inclusive C14N 1.0 of a document subset must copy the `xml:*` attributes of the apex's ancestors
 *   onto the apex (C14N 1.0, section 2.4). xml-crypto does not, so a SignedInfo under
 *   `<rdf:RDF xml:base=...>` canonicalizes without `xml:base` and no StratusLab signature made by
 *   Java (or xmlsec1) verifies. The subclasses below add them.
 */
import {
  C14nCanonicalization,
  C14nCanonicalizationWithComments,
  ExclusiveCanonicalization,
  ExclusiveCanonicalizationWithComments,
} from "xml-crypto";
import { NS } from "../namespaces";
import { C14N, C14N_WITH_COMMENTS, EXC_C14N, EXC_C14N_WITH_COMMENTS, isExclusive, type Canonicalization } from "./algorithms";

interface NamespaceBinding {
  prefix: string;
  namespaceURI: string;
}

export interface AttributeLike {
  name: string;
  value: string;
  namespaceURI: string | null;
  localName: string;
  prefix: string | null;
}

interface Canonicalizer {
  process(node: Node, options: Record<string, unknown>): string;
}

type CanonicalizerClass = new () => Canonicalizer;

/** Options our subclasses read, passed through xml-crypto's `process(node, options)`. */
export interface ExtensionOptions {
  excludedNodes?: ReadonlySet<Node>;
  inheritedXmlAttributes?: AttributeLike[];
}

type Internals = new () => {
  processInner(node: Node, ...rest: unknown[]): string;
  renderAttrs(node: Node): string;
  process(node: Node, options: Record<string, unknown>): string;
};

/** Adds node exclusion (enveloped transform) and xml:* inheritance to an xml-crypto canonicalizer. */
function extend(Base: CanonicalizerClass): CanonicalizerClass {
  return class extends (Base as unknown as Internals) {
    private apex: Node | undefined;
    private excluded: ReadonlySet<Node> = new Set();
    private inherited: AttributeLike[] = [];

    override process(node: Node, options: Record<string, unknown> & ExtensionOptions): string {
      this.apex = node;
      this.excluded = options.excludedNodes ?? new Set();
      this.inherited = options.inheritedXmlAttributes ?? [];
      try {
        return super.process(node, options);
      } finally {
        this.apex = undefined;
      }
    }
    override processInner(node: Node, ...rest: unknown[]): string {
      return this.excluded.has(node) ? "" : super.processInner(node, ...rest);
    }
    override renderAttrs(node: Node): string {
      if (node !== this.apex || this.inherited.length === 0) return super.renderAttrs(node);
      const own = Array.from((node as Element).attributes) as unknown as AttributeLike[];
      return super.renderAttrs({ attributes: [...own, ...this.inherited] } as unknown as Node);
    }
  } as unknown as CanonicalizerClass;
}

/** Our canonicalizers by algorithm URI, in the shape of SignedXml's CanonicalizationAlgorithms table. */
export const CANONICALIZERS: Readonly<Record<Canonicalization, { withComments: CanonicalizerClass; withoutComments: CanonicalizerClass }>> =
  {
    [C14N]: { withComments: extend(C14nCanonicalizationWithComments), withoutComments: extend(C14nCanonicalization) },
    [C14N_WITH_COMMENTS]: { withComments: extend(C14nCanonicalizationWithComments), withoutComments: extend(C14nCanonicalization) },
    [EXC_C14N]: { withComments: extend(ExclusiveCanonicalizationWithComments), withoutComments: extend(ExclusiveCanonicalization) },
    [EXC_C14N_WITH_COMMENTS]: {
      withComments: extend(ExclusiveCanonicalizationWithComments),
      withoutComments: extend(ExclusiveCanonicalization),
    },
  } as unknown as Record<Canonicalization, { withComments: CanonicalizerClass; withoutComments: CanonicalizerClass }>;

export interface CanonicalizeOptions {
  /** Elements to leave out, with their subtrees: the Signature, for the enveloped transform. */
  exclude?: Iterable<Node>;
  /**
   * Whether comments are kept. Same-document references (`URI=""`) always drop them, whatever the
   * algorithm says (XML-DSig 4.4.3.3); SignedInfo keeps them if its algorithm is a WithComments one.
   */
  comments: boolean;
}

export function canonicalize(element: Element, algorithm: Canonicalization, options: CanonicalizeOptions): string {
  const pair = CANONICALIZERS[algorithm];
  const Canonicalizer = options.comments ? pair.withComments : pair.withoutComments;
  const extension: ExtensionOptions = { excludedNodes: new Set(options.exclude ?? []) };
  const processOptions: Record<string, unknown> = isExclusive(algorithm)
    ? { ...extension, inclusiveNamespacesPrefixList: [], ancestorNamespaces: [] }
    : { ...extension, inheritedXmlAttributes: inheritedXmlAttributes(element), ancestorNamespaces: ancestorNamespaces(element) };
  return new Canonicalizer().process(element, processOptions);
}

/** The nearest ancestor value of each xml:* attribute the element does not set itself. */
export function inheritedXmlAttributes(element: Element): AttributeLike[] {
  const seen = new Set<string>();
  for (const a of Array.from(element.attributes)) if (a.namespaceURI === NS.xml) seen.add(a.localName);
  const out: AttributeLike[] = [];
  for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    for (const a of Array.from((node as Element).attributes)) {
      if (a.namespaceURI === NS.xml && !seen.has(a.localName)) {
        seen.add(a.localName);
        out.push({ name: a.name, value: a.value, namespaceURI: NS.xml, localName: a.localName, prefix: "xml" });
      }
    }
  }
  return out;
}

/**
 * Namespace declarations in scope at the element from its ancestors, nearest first, without those the
 * element declares itself or its own prefix (C14N writes that one anyway); undeclarations dropped.
 */
function ancestorNamespaces(element: Element): NamespaceBinding[] {
  const own = new Set<string>([element.prefix ?? ""]);
  for (const a of Array.from(element.attributes)) {
    if (a.name === "xmlns") own.add("");
    else if (a.name.startsWith("xmlns:")) own.add(a.localName);
  }
  const seen = new Set<string>();
  const out: NamespaceBinding[] = [];
  for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    for (const a of Array.from((node as Element).attributes)) {
      const prefix = a.name === "xmlns" ? "" : a.name.startsWith("xmlns:") ? a.localName : undefined;
      if (prefix === undefined || seen.has(prefix)) continue;
      seen.add(prefix);
      if (a.value !== "" && !own.has(prefix)) out.push({ prefix, namespaceURI: a.value });
    }
  }
  return out;
}
