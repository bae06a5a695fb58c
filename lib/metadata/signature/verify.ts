/**
 * Cryptographic verification of a signature whose shape `findSignature` accepted, authenticating
 * before digesting (W3C XML Signature Best Practice 1): the SignatureValue is checked over the
 * canonical SignedInfo with the key of the KeyInfo certificate first, and only then is the document
 * canonicalized and digested. The algorithms are xml-crypto's own (canonicalizers, digests, RSA); only
 * the orchestration is ours, because SignedXml.checkSignature re-parses the document with a lenient
 * parser, deep-clones it and runs document-wide XPath for every check (quadratic, and about ten times
 * our cost), digests before authenticating, and gets inclusive C14N of SignedInfo wrong (see
 * canonicalize.ts). Tests check this against xml-crypto's checkSignature and xmlsec1 on every fixture.
 */
import { timingSafeEqual, type KeyObject } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { problem, type Problem } from "../problems";
import { canonicalize } from "./canonicalize";
import { C14N_WITH_COMMENTS, EXC_C14N_WITH_COMMENTS } from "./algorithms";
import type { SignatureParts } from "./structure";

interface SignatureAlgorithm {
  verifySignature(material: string, key: KeyObject, signatureValue: string): boolean;
}
interface HashAlgorithm {
  getHash(xml: string): string;
}

// One SignedXml instance only as the registry of xml-crypto's algorithm implementations.
const registry = new SignedXml();

export type CryptoResult = { ok: true; signedContent: string } | { ok: false; problem: Problem };

export function verifyCryptography(document: Document, parts: SignatureParts, publicKey: KeyObject): CryptoResult {
  const keepComments = parts.canonicalization === C14N_WITH_COMMENTS || parts.canonicalization === EXC_C14N_WITH_COMMENTS;
  const signedInfo = canonicalize(parts.signedInfo, parts.canonicalization, { comments: keepComments });
  const SignatureAlgorithmClass = registry.SignatureAlgorithms[parts.signatureMethod] as unknown as new () => SignatureAlgorithm;
  const authentic = verifyQuietly(new SignatureAlgorithmClass(), signedInfo, publicKey, parts.signatureValue);

  // A same-document reference never includes comments, whatever its C14N says (XML-DSig 4.4.3.3).
  const content = canonicalize(document.documentElement, parts.referenceCanonicalization, { exclude: [parts.signature], comments: false });
  if (!authentic) {
    const contentValid = digestMatches(content, parts);
    return {
      ok: false,
      problem: problem(
        "signature.value_mismatch",
        contentValid
          ? "the signature does not match the certificate in the document (the signature value or the certificate was changed): sign it again with `marketplace sign-metadata`"
          : "the signature does not match: the document and its signature were changed after signing, or it was signed with another key than its certificate's; sign it again with `marketplace sign-metadata`",
        "Signature/SignatureValue",
      ),
    };
  }
  if (!digestMatches(content, parts)) {
    return {
      ok: false,
      problem: problem(
        "signature.digest_mismatch",
        "the document was changed after it was signed: sign it again with `marketplace sign-metadata` after your last edit",
        "Signature/SignedInfo/Reference/DigestValue",
      ),
    };
  }
  return { ok: true, signedContent: content };
}

function digestMatches(content: string, parts: SignatureParts): boolean {
  const HashClass = registry.HashAlgorithms[parts.digestMethod] as unknown as new () => HashAlgorithm;
  const digest = Buffer.from(new HashClass().getHash(content), "base64");
  return digest.length === parts.digestValue.length && timingSafeEqual(digest, parts.digestValue);
}

function verifyQuietly(algorithm: SignatureAlgorithm, material: string, key: KeyObject, signature: Buffer): boolean {
  try {
    return algorithm.verifySignature(material, key, signature.toString("base64"));
  } catch {
    // OpenSSL throws for a signature of the wrong length or a key that cannot do this algorithm.
    return false;
  }
}
