/**
 * A newer version of an entry, prepared for its endorser to sign (reference section 4.6): the same
 * metadata, either deprecated (slterms:deprecated with a reason, optionally dcterms:isReplacedBy
 * naming the replacing image) or valid until a new date (dcterms:valid), with the endorsement's
 * dcterms:created set to now (later than the current one) and every signature removed. Signing
 * (`marketplace sign-metadata`) then refills the endorsement; the web's deprecation and validity
 * forms and `marketplace deprecate-metadata` (./deprecate.ts) share this.
 */
import { XMLSerializer } from "@xmldom/xmldom";
import { AppError } from "@/lib/errors";
import { formatMetadataDate, parseMetadataDate } from "./dates";
import { isIdentifier } from "./identifier";
import { NS } from "./namespaces";
import { removeSignatures } from "./signature/sign";
import { parseStrict } from "./xml/strict-parse";

export const DEPRECATION_REASON_MAX = 1_000;

export type Revision = { kind: "deprecate"; reason: string; replacedBy?: string } | { kind: "valid"; valid: Date };

export function prepareRevision(input: Uint8Array | string, revision: Revision, now: Date = new Date()): string {
  const parsed = parseStrict(input);
  if (!parsed.ok) throw new AppError("unparseable_metadata", parsed.problem.message, { problems: [parsed.problem] });
  const document = parsed.document;
  removeSignatures(document);
  const description = document.getElementsByTagNameNS(NS.rdf, "Description")[0];
  if (!description) throw new AppError("invalid_metadata", "the entry has no rdf:Description");
  const current = endorsementCreated(document);
  // One second later than the current endorsement at least: the Marketplace keeps only newer entries.
  const created = current && current.getTime() >= now.getTime() - 999 ? new Date(current.getTime() + 1000) : now;

  if (revision.kind === "deprecate") {
    const reason = revision.reason.trim();
    if (reason.length === 0 || reason.length > DEPRECATION_REASON_MAX)
      throw new AppError("bad_request", `the reason must have 1 to ${DEPRECATION_REASON_MAX} characters`);
    if (revision.replacedBy !== undefined && !isIdentifier(revision.replacedBy))
      throw new AppError("bad_request", "“replaced by” must be an image identifier: 27 characters of A-Z, a-z, 0-9, _ and -");
    replaceChild(description, NS.slterms, "deprecated", reason);
    if (revision.replacedBy !== undefined) replaceChild(description, NS.dcterms, "isReplacedBy", revision.replacedBy);
  } else {
    if (Number.isNaN(revision.valid.getTime()) || revision.valid.getTime() <= created.getTime())
      throw new AppError("bad_request", "the new validity must be a date in the future");
    replaceChild(description, NS.dcterms, "valid", formatMetadataDate(revision.valid));
  }
  setEndorsementCreated(document, formatMetadataDate(created));
  return new XMLSerializer().serializeToString(document as never);
}

/** The endorsement's dcterms:created, if the document has one. */
function endorsementCreated(document: Document): Date | undefined {
  const element = endorsementCreatedElement(document);
  return element ? parseMetadataDate((element.textContent ?? "").trim()) : undefined;
}

function endorsementCreatedElement(document: Document): Element | undefined {
  const endorsements = Array.from(document.getElementsByTagNameNS(NS.slreq, "endorsement"));
  const last = endorsements[endorsements.length - 1];
  if (!last) return undefined;
  return Array.from(last.childNodes).find(
    (node): node is Element =>
      node.nodeType === 1 && (node as Element).namespaceURI === NS.dcterms && (node as Element).localName === "created",
  );
}

function setEndorsementCreated(document: Document, value: string): void {
  const element = endorsementCreatedElement(document);
  if (!element) return;
  while (element.firstChild) element.removeChild(element.firstChild);
  element.appendChild(document.createTextNode(value));
}

/** Replaces the description's direct children ns:local with one holding `text` (appended at the end). */
function replaceChild(description: Element, ns: string, local: string, text: string): void {
  const document = description.ownerDocument;
  for (const old of Array.from(description.childNodes)) {
    if (old.nodeType === 1 && (old as Element).namespaceURI === ns && (old as Element).localName === local) description.removeChild(old);
  }
  const prefix = description.lookupPrefix(ns);
  const element = document.createElementNS(ns, prefix ? `${prefix}:${local}` : local);
  element.appendChild(document.createTextNode(text));
  description.appendChild(element);
}

/** `{identifier}-{deprecated|valid}-unsigned.xml`: the download's name. */
export function revisionFileName(identifier: string, revision: Revision): string {
  return `${identifier}-${revision.kind === "deprecate" ? "deprecated" : "valid"}-unsigned.xml`;
}
