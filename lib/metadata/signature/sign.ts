/**
 * Signing as the Java signer did (reference section 3.1): keep only the last slreq:endorsement and
 * empty it, strip every existing signature, fill the endorsement with the signing time and the
 * certificate's email, subject and issuer, then append an enveloped signature with the certificate
 * in KeyInfo. Re-signing therefore always produces a fresh endorsement with a new date.
 */
import { XMLSerializer } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { AppError } from "@/lib/errors";
import { NS } from "../namespaces";
import { formatMetadataDate } from "../dates";
import type { SigningCredentials } from "../pki/credentials";
import { parseStrict } from "../xml/strict-parse";
import { ENVELOPED, EXC_C14N, SIGNING_PROFILES, type SigningProfileName } from "./algorithms";
import { MarketplaceSignedXml } from "./signed-xml";

export interface SignOptions {
  /** `modern` (RSA-SHA256, exclusive C14N; the default) or `legacy` (exactly the original's RSA-SHA1). */
  profile?: SigningProfileName;
  /** Endorser email when the certificate has no email subjectAltName. */
  email?: string;
  /** Signing time (the endorsement's dcterms:created); now by default. */
  now?: Date;
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/;
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>';

export function signMetadata(input: Uint8Array | string, credentials: SigningCredentials, options: SignOptions = {}): string {
  const parsed = parseStrict(input);
  if (!parsed.ok) throw new AppError("unparseable_metadata", parsed.problem.message, { problems: [parsed.problem] });
  const document = parsed.document;

  const endorsement = resetEndorsement(document);
  removeSignatures(document);
  const email = credentials.certificate.emails[0] ?? options.email;
  if (!email) {
    throw new AppError("bad_request", "cannot generate slreq:endorsement; email address not in cert or not provided");
  }
  if (!EMAIL.test(email)) throw new AppError("bad_request", `invalid email address: ${email}`);
  fillEndorsement(endorsement, {
    created: formatMetadataDate(options.now ?? new Date()),
    email,
    subject: credentials.certificate.subject,
    issuer: credentials.certificate.issuer,
  });

  const profile = SIGNING_PROFILES[options.profile ?? "modern"];
  const signer = new MarketplaceSignedXml({
    privateKey: credentials.privateKey,
    publicCert: credentials.certificate.pem,
    canonicalizationAlgorithm: profile.canonicalization,
    signatureAlgorithm: profile.signatureMethod,
    getKeyInfoContent: SignedXml.getKeyInfoContent,
  });
  signer.addReference({
    xpath: "/*",
    isEmptyUri: true,
    // The legacy profile lists only the enveloped transform, as Java did (C14N 1.0 is then implied).
    transforms: profile.canonicalization === EXC_C14N ? [ENVELOPED, EXC_C14N] : [ENVELOPED],
    digestAlgorithm: profile.digestMethod,
  });
  const unsigned = new XMLSerializer().serializeToString(document.documentElement as never);
  signer.computeSignature(unsigned, { location: { reference: "/*", action: "append" } });
  return `${XML_DECLARATION}${signer.getSignedXml()}`;
}

/** Java: delete every endorsement but the last, and remove all children of that one. */
function resetEndorsement(document: Document): Element {
  const endorsements = Array.from(document.getElementsByTagNameNS(NS.slreq, "endorsement"));
  const last = endorsements.pop();
  if (!last) throw new AppError("invalid_metadata", "document must contain exactly 1 slreq:endorsement element");
  for (const extra of endorsements) extra.parentNode?.removeChild(extra);
  while (last.firstChild) last.removeChild(last.firstChild);
  if (!last.hasAttributeNS(NS.rdf, "parseType")) last.setAttributeNS(NS.rdf, qualify(last, NS.rdf, "parseType"), "Resource");
  return last;
}

export function removeSignatures(document: Document): void {
  for (const signature of Array.from(document.getElementsByTagNameNS(NS.ds, "Signature"))) {
    signature.parentNode?.removeChild(signature);
  }
}

function fillEndorsement(endorsement: Element, values: { created: string; email: string; subject: string; issuer: string }): void {
  const document = endorsement.ownerDocument;
  const element = (ns: string, local: string, text?: string): Element => {
    const created = document.createElementNS(ns, qualify(endorsement, ns, local));
    if (text !== undefined) created.appendChild(document.createTextNode(text));
    return created;
  };
  endorsement.appendChild(element(NS.dcterms, "created", values.created));
  const endorser = element(NS.slreq, "endorser");
  endorser.setAttributeNS(NS.rdf, qualify(endorsement, NS.rdf, "parseType"), "Resource");
  endorser.appendChild(element(NS.slreq, "email", values.email));
  endorser.appendChild(element(NS.slreq, "subject", values.subject));
  endorser.appendChild(element(NS.slreq, "issuer", values.issuer));
  endorsement.appendChild(endorser);
}

/**
 * The qualified name to create in `ns` under `context`: with the prefix the document already binds,
 * or unprefixed (the serializer then declares the namespace as default, as the Java signer's output did).
 */
function qualify(context: Element, ns: string, local: string): string {
  const prefix = context.lookupPrefix(ns);
  if (prefix) return `${prefix}:${local}`;
  if (ns === NS.rdf) throw new AppError("invalid_metadata", "the document does not declare the rdf namespace");
  return local;
}
