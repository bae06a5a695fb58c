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
import type { KeyObject } from "node:crypto";
import type { CertificateInfo } from "../pki/certificate";
import type { SigningCredentials } from "../pki/credentials";
import { parseStrict } from "../xml/strict-parse";
import { ENVELOPED, EXC_C14N, SIGNING_PROFILES, type SignatureMethod, type SigningProfileName } from "./algorithms";
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
  return envelopedSignature(input, credentials.certificate, options, credentials.privateKey);
}

/** What the browser needs to finish a signature with a key that never leaves it (prepareMetadataSignature). */
export interface PreparedSignature {
  /** The signed document but for its SignatureValue, which reads SIGNATURE_VALUE_PLACEHOLDER. */
  xml: string;
  /** The canonical SignedInfo: the exact bytes (UTF-8) to sign. */
  signedInfo: string;
  signatureMethod: SignatureMethod;
}

/** Stands where the base64 SignatureValue goes; base64 has no "-", so it can never be a real value. */
export const SIGNATURE_VALUE_PLACEHOLDER = "--signature-value--";

/**
 * The first half of signMetadata, for a key held elsewhere (the wizard's sign-in-the-browser): the
 * same endorsement, references and SignedInfo, from the public certificate alone. Signing
 * `signedInfo` with the certificate's key (RSASSA-PKCS1-v1_5 and the profile's hash) and putting the
 * base64 value in place of the placeholder gives, byte for byte, what signMetadata gives at the same
 * time `now`: PKCS#1 v1.5 signatures are deterministic.
 */
export function prepareMetadataSignature(
  input: Uint8Array | string,
  certificate: CertificateInfo,
  options: SignOptions = {},
): PreparedSignature {
  let signedInfo: string | undefined;
  const method = SIGNING_PROFILES[options.profile ?? "modern"].signatureMethod;
  const deferred = class {
    getSignature = (canonical: string) => {
      signedInfo = canonical;
      return SIGNATURE_VALUE_PLACEHOLDER;
    };
    verifySignature = () => false;
    getAlgorithmName = () => method;
  };
  const xml = envelopedSignature(input, certificate, options, "the key is not here", { [method]: deferred });
  if (signedInfo === undefined) throw new Error("xml-crypto did not canonicalize SignedInfo");
  return { xml, signedInfo, signatureMethod: method };
}

function envelopedSignature(
  input: Uint8Array | string,
  certificate: CertificateInfo,
  options: SignOptions,
  privateKey: KeyObject | string,
  algorithms: Record<string, unknown> = {},
): string {
  const parsed = parseStrict(input);
  if (!parsed.ok) throw new AppError("unparseable_metadata", parsed.problem.message, { problems: [parsed.problem] });
  const document = parsed.document;

  const endorsement = resetEndorsement(document);
  removeSignatures(document);
  const email = certificate.emails[0] ?? options.email;
  if (!email) {
    throw new AppError("bad_request", "cannot generate slreq:endorsement; email address not in cert or not provided");
  }
  if (!EMAIL.test(email)) throw new AppError("bad_request", `invalid email address: ${email}`);
  fillEndorsement(endorsement, {
    created: formatMetadataDate(options.now ?? new Date()),
    email,
    subject: certificate.subject,
    issuer: certificate.issuer,
  });

  const profile = SIGNING_PROFILES[options.profile ?? "modern"];
  const signer = new MarketplaceSignedXml({
    privateKey: privateKey as KeyObject,
    publicCert: certificate.pem,
    canonicalizationAlgorithm: profile.canonicalization,
    signatureAlgorithm: profile.signatureMethod,
    getKeyInfoContent: SignedXml.getKeyInfoContent,
  });
  signer.SignatureAlgorithms = { ...signer.SignatureAlgorithms, ...algorithms } as SignedXml["SignatureAlgorithms"];
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
