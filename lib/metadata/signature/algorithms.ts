/** Algorithm URIs of XML-DSig and the two signing profiles. Only what is listed here is accepted. */
export const C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
export const C14N_WITH_COMMENTS = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
export const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
export const EXC_C14N_WITH_COMMENTS = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
export const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

export const RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
export const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";

export const SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";
export const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
export const SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512";

export const CANONICALIZATIONS = [C14N, C14N_WITH_COMMENTS, EXC_C14N, EXC_C14N_WITH_COMMENTS] as const;
export const SIGNATURE_METHODS = [RSA_SHA1, RSA_SHA256, RSA_SHA512] as const;
export const DIGEST_METHODS = [SHA1, SHA256, SHA512] as const;

export type Canonicalization = (typeof CANONICALIZATIONS)[number];
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];
export type DigestMethod = (typeof DIGEST_METHODS)[number];

export function isExclusive(c14n: Canonicalization): boolean {
  return c14n === EXC_C14N || c14n === EXC_C14N_WITH_COMMENTS;
}

/** Readable names for display and logs. */
export const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  [C14N]: "C14N 1.0",
  [C14N_WITH_COMMENTS]: "C14N 1.0 with comments",
  [EXC_C14N]: "exclusive C14N",
  [EXC_C14N_WITH_COMMENTS]: "exclusive C14N with comments",
  [RSA_SHA1]: "RSA-SHA1",
  [RSA_SHA256]: "RSA-SHA256",
  [RSA_SHA512]: "RSA-SHA512",
  [SHA1]: "SHA-1",
  [SHA256]: "SHA-256",
  [SHA512]: "SHA-512",
};

export type SigningProfileName = "legacy" | "modern";

export interface SigningProfile {
  canonicalization: Canonicalization;
  signatureMethod: SignatureMethod;
  digestMethod: DigestMethod;
}

export const SIGNING_PROFILES: Readonly<Record<SigningProfileName, SigningProfile>> = {
  // Exactly what the Java signer wrote, for verifiers that only know RSA-SHA1 (the original server).
  legacy: { canonicalization: C14N_WITH_COMMENTS, signatureMethod: RSA_SHA1, digestMethod: SHA1 },
  modern: { canonicalization: EXC_C14N, signatureMethod: RSA_SHA256, digestMethod: SHA256 },
};

/** SHA-1 based signatures still verify (the whole archive uses them) but are flagged as weak. */
export function isWeak(method: SignatureMethod | DigestMethod): boolean {
  return method === RSA_SHA1 || method === SHA1;
}
