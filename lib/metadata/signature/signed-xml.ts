/**
 * xml-crypto's SignedXml, used for signing, with our canonicalizers: with an inclusive C14N, the
 * canonical SignedInfo must carry the xml:* attributes inherited from rdf:RDF (xml:base), or Java and
 * xmlsec1 reject the signature. SignedXml canonicalizes a detached clone, so the attributes are
 * computed from the real node here and passed down through the options.
 */
import { SignedXml, type SignedXmlOptions } from "xml-crypto";
import { CANONICALIZERS, inheritedXmlAttributes, type ExtensionOptions } from "./canonicalize";
import { CANONICALIZATIONS, C14N, C14N_WITH_COMMENTS, EXC_C14N_WITH_COMMENTS } from "./algorithms";

export class MarketplaceSignedXml extends SignedXml {
  constructor(options: SignedXmlOptions) {
    super(options);
    const table: Record<string, unknown> = { ...this.CanonicalizationAlgorithms };
    for (const uri of CANONICALIZATIONS) {
      const pair = CANONICALIZERS[uri];
      table[uri] = uri === C14N_WITH_COMMENTS || uri === EXC_C14N_WITH_COMMENTS ? pair.withComments : pair.withoutComments;
    }
    this.CanonicalizationAlgorithms = table as SignedXml["CanonicalizationAlgorithms"];
  }

  override getCanonXml(
    transforms: Parameters<SignedXml["getCanonXml"]>[0],
    node: Node,
    options: Parameters<SignedXml["getCanonXml"]>[2] = {},
  ): string {
    // Only inclusive C14N inherits xml:* attributes; exclusive C14N explicitly does not.
    const inclusive = transforms.some((t) => t === C14N || t === C14N_WITH_COMMENTS);
    const extension: ExtensionOptions =
      inclusive && node.nodeType === 1 ? { inheritedXmlAttributes: inheritedXmlAttributes(node as Element) } : {};
    return super.getCanonXml(transforms, node, { ...options, ...extension } as Parameters<SignedXml["getCanonXml"]>[2]);
  }
}
