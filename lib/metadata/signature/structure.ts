/**
 * The shape a signature must have before any cryptography runs (PRODUCT.md, "compatible, but strict"):
 * exactly one ds:Signature, the last element of the root; SignedInfo with one Reference to the whole
 * document (URI=""), the enveloped transform optionally followed by one C14N; allow-listed algorithms;
 * KeyInfo holding one X509Data with one X509Certificate and nothing that fetches; no comments, no
 * Object, no extra elements anywhere inside. Every check is by namespace URI, never by local name alone.
 */
import { NS } from "../namespaces";
import { problem, type Problem } from "../problems";
import {
  CANONICALIZATIONS,
  C14N,
  DIGEST_METHODS,
  ENVELOPED,
  SIGNATURE_METHODS,
  type Canonicalization,
  type DigestMethod,
  type SignatureMethod,
} from "./algorithms";

export interface SignatureParts {
  signature: Element;
  signedInfo: Element;
  canonicalization: Canonicalization;
  signatureMethod: SignatureMethod;
  /** The C14N applied to the document after the enveloped transform (C14N 1.0 when none is listed). */
  referenceCanonicalization: Canonicalization;
  digestMethod: DigestMethod;
  digestValue: Buffer;
  signatureValue: Buffer;
  certificateDer: Buffer;
}

export type SignatureShape = { kind: "absent" } | { kind: "invalid"; problem: Problem } | { kind: "present"; parts: SignatureParts };

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

class ShapeError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

export function findSignature(document: Document): SignatureShape {
  const signatures = findSignatureElements(document);
  if (signatures.length === 0) return { kind: "absent" };
  try {
    return { kind: "present", parts: readSignature(document, signatures) };
  } catch (error) {
    if (error instanceof ShapeError) return { kind: "invalid", problem: error.problem };
    throw error;
  }
}

/** Every ds:Signature element, anywhere (a plain walk: xmldom's live NodeLists are slow). */
export function findSignatureElements(document: Document): Element[] {
  const found: Element[] = [];
  const stack: Node[] = [document.documentElement];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.localName === "Signature" && element.namespaceURI === NS.ds) found.push(element);
    for (let child = element.lastChild; child; child = child.previousSibling) if (child.nodeType === 1) stack.push(child);
  }
  return found;
}

function readSignature(document: Document, signatures: Element[]): SignatureParts {
  if (signatures.length > 1) {
    fail("signature.multiple", `the document holds ${signatures.length} Signature elements; exactly one is allowed`);
  }
  const signature = signatures[0] as Element;
  const root = document.documentElement;
  if (signature.parentNode !== root || lastElementChild(root) !== signature) {
    fail("signature.misplaced", "the Signature must be the last element inside the root element (an enveloped signature)");
  }
  const [signedInfo, signatureValue, keyInfo] = expectChildren(signature, ["SignedInfo", "SignatureValue", "KeyInfo"], "Signature") as [
    Element,
    Element,
    Element,
  ];
  onlyAttributes(signature, ["Id"], "Signature");

  const [c14nMethod, signatureMethodElement, ...references] = dsChildren(signedInfo, "SignedInfo");
  if (
    !c14nMethod ||
    !isDs(c14nMethod, "CanonicalizationMethod") ||
    !signatureMethodElement ||
    !isDs(signatureMethodElement, "SignatureMethod")
  ) {
    invalid("SignedInfo must start with CanonicalizationMethod and SignatureMethod");
  }
  if (references.length !== 1 || !references.every((r) => isDs(r, "Reference"))) {
    fail(
      "signature.reference_count",
      `SignedInfo must hold exactly one Reference, found ${references.filter((r) => isDs(r, "Reference")).length}`,
    );
  }
  onlyAttributes(signedInfo, ["Id"], "SignedInfo");
  const canonicalization = algorithmOf(c14nMethod as Element, CANONICALIZATIONS, "canonicalization");
  const signatureMethod = algorithmOf(signatureMethodElement as Element, SIGNATURE_METHODS, "signature");

  const reference = references[0] as Element;
  onlyAttributes(reference, ["URI", "Id"], "Reference");
  if (!reference.hasAttribute("URI") || reference.getAttribute("URI") !== "") {
    const uri = reference.getAttribute("URI");
    fail(
      "signature.reference_uri",
      reference.hasAttribute("URI")
        ? `the Reference points to "${uri}"; it must be URI="" so the signature covers the whole document`
        : 'the Reference has no URI; it must be URI="" so the signature covers the whole document',
    );
  }
  const referenceChildren = dsChildren(reference, "Reference");
  if (referenceChildren.length > 3) {
    fail("signature.unexpected_content", "Reference may only hold Transforms, DigestMethod and DigestValue");
  }
  const [transforms, digestMethodElement, digestValueElement] =
    referenceChildren.length === 3 ? referenceChildren : [undefined, ...referenceChildren];
  if (!transforms || !isDs(transforms, "Transforms")) {
    fail("signature.transforms", "the Reference must list the enveloped-signature transform");
  }
  const referenceCanonicalization = readTransforms(transforms as Element);
  if (
    !digestMethodElement ||
    !isDs(digestMethodElement, "DigestMethod") ||
    !digestValueElement ||
    !isDs(digestValueElement, "DigestValue")
  ) {
    invalid("Reference must hold Transforms, DigestMethod and DigestValue");
  }
  const digestMethod = algorithmOf(digestMethodElement as Element, DIGEST_METHODS, "digest");

  return {
    signature,
    signedInfo,
    canonicalization,
    signatureMethod,
    referenceCanonicalization,
    digestMethod,
    digestValue: base64Content(digestValueElement as Element, "DigestValue"),
    signatureValue: base64Content(signatureValue, "SignatureValue"),
    certificateDer: readKeyInfo(keyInfo),
  };
}

function readTransforms(transforms: Element): Canonicalization {
  const list = dsChildren(transforms, "Transforms");
  const algorithms = list.map((t) => {
    if (!isDs(t, "Transform")) invalid(`Transforms may only hold Transform elements, found ${t.nodeName}`);
    if (dsChildrenOrAny(t).length > 0) fail("signature.transforms", "Transform elements must be empty (no XPath, XSLT or parameters)");
    return t.getAttribute("Algorithm") ?? "";
  });
  const [first, second, ...rest] = algorithms;
  const allowedSecond = second === undefined || (CANONICALIZATIONS as readonly string[]).includes(second);
  if (first !== ENVELOPED || !allowedSecond || rest.length > 0) {
    fail(
      "signature.transforms",
      `the transforms must be the enveloped-signature transform, optionally followed by one C14N; found ${algorithms.join(", ") || "none"}`,
    );
  }
  return (second as Canonicalization | undefined) ?? C14N;
}

function readKeyInfo(keyInfo: Element): Buffer {
  onlyAttributes(keyInfo, ["Id"], "KeyInfo");
  const items = dsChildrenOrAny(keyInfo);
  const x509Data = items[0] as Element;
  if (items.length !== 1 || !x509Data || !isDs(x509Data, "X509Data")) {
    fail(
      "signature.key_info",
      `KeyInfo must hold exactly one X509Data and nothing else (no KeyValue, KeyName or RetrievalMethod); found ${items.map((i) => i.localName).join(", ") || "nothing"}`,
    );
  }
  const certificates = dsChildrenOrAny(x509Data);
  const certificate = certificates[0] as Element;
  if (certificates.length !== 1 || !certificate || !isDs(certificate, "X509Certificate")) {
    fail(
      "signature.key_info",
      `X509Data must hold exactly one X509Certificate (the signer's), found ${certificates.map((c) => c.localName).join(", ") || "nothing"}`,
    );
  }
  const der = base64Content(certificate, "X509Certificate");
  if (der.length === 0) fail("signature.key_info", "the X509Certificate is empty");
  return der;
}

/** Children must be exactly the named ds: elements, in order, with only whitespace between. */
function expectChildren(parent: Element, names: string[], parentName: string): Element[] {
  const children = dsChildren(parent, parentName);
  if (children.length === 0) fail("signature.invalid_element", "invalid signature element");
  const ok = children.length === names.length && children.every((c, i) => isDs(c, names[i] as string));
  if (!ok) {
    const found = children.map((c) => c.localName).join(", ");
    fail(
      children.some((c) => isDs(c, "Object") || isDs(c, "Manifest")) || children.length > names.length
        ? "signature.unexpected_content"
        : "signature.invalid_element",
      `${parentName} must contain ${names.join(", ")} in that order, found ${found}`,
    );
  }
  return children;
}

/** Element children, refusing comments, non-whitespace text and elements outside the ds namespace. */
function dsChildren(parent: Element, parentName: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (element.namespaceURI !== NS.ds) {
        fail(
          "signature.unexpected_content",
          `${parentName} may not contain ${element.nodeName} (${element.namespaceURI ?? "no namespace"})`,
        );
      }
      out.push(element);
    } else if (node.nodeType === 8) {
      fail("signature.unexpected_content", `comments are not allowed inside the signature (${parentName})`);
    } else if ((node.nodeType === 3 || node.nodeType === 4) && (node.nodeValue ?? "").trim() !== "") {
      fail("signature.unexpected_content", `text is not allowed inside ${parentName}`);
    }
  }
  return out;
}

function dsChildrenOrAny(parent: Element): Element[] {
  return dsChildren(parent, parent.localName);
}

function base64Content(element: Element, name: string): Buffer {
  onlyAttributes(element, name === "SignatureValue" ? ["Id"] : [], name);
  const parts: string[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) parts.push(node.nodeValue ?? "");
    else fail("signature.unexpected_content", `${name} must contain only base64 text`);
  }
  const text = parts.join("");
  if (text.trim() === "" || !BASE64.test(text)) fail("signature.invalid_element", `${name} must contain base64 data`);
  return Buffer.from(text.replace(/\s+/g, ""), "base64");
}

function algorithmOf<T extends string>(element: Element, allowed: readonly T[], kind: string): T {
  if (dsChildren(element, element.localName).length > 0) {
    fail(
      "signature.algorithm",
      `${element.localName} must be empty (parameters such as HMACOutputLength or InclusiveNamespaces are not supported)`,
    );
  }
  const algorithm = element.getAttribute("Algorithm") ?? "";
  if (!(allowed as readonly string[]).includes(algorithm)) {
    fail("signature.algorithm", `the ${kind} algorithm "${algorithm}" is not allowed; use one of ${allowed.join(", ")}`);
  }
  return algorithm as T;
}

function onlyAttributes(element: Element, allowed: string[], name: string): void {
  for (const a of Array.from(element.attributes)) {
    if (a.name === "xmlns" || a.prefix === "xmlns") continue;
    if (!allowed.includes(a.name)) fail("signature.unexpected_content", `${name} may not have the attribute ${a.name}`);
  }
}

function isDs(element: Element, local: string): boolean {
  return element.namespaceURI === NS.ds && element.localName === local;
}

function lastElementChild(element: Element): Element | null {
  for (let node = element.lastChild; node; node = node.previousSibling) if (node.nodeType === 1) return node as Element;
  return null;
}

function invalid(message: string): never {
  fail("signature.invalid_element", message);
}

function fail(code: Problem["code"], message: string): never {
  throw new ShapeError(problem(code, message, "Signature"));
}
