/**
 * Names of certificate and CRL signature algorithms (OpenSSL long names), and the Node digest that
 * verifies each one where Node can do it without extra parameters.
 */
interface SignatureAlgorithm {
  name: string;
  /** Digest for `crypto.verify`; null for algorithms with a built-in digest (EdDSA). */
  digest: string | null;
}

const SIGNATURE_ALGORITHMS: Readonly<Record<string, SignatureAlgorithm>> = {
  "1.2.840.113549.1.1.2": { name: "md2WithRSAEncryption", digest: null },
  "1.2.840.113549.1.1.4": { name: "md5WithRSAEncryption", digest: "md5" },
  "1.2.840.113549.1.1.5": { name: "sha1WithRSAEncryption", digest: "sha1" },
  "1.2.840.113549.1.1.14": { name: "sha224WithRSAEncryption", digest: "sha224" },
  "1.2.840.113549.1.1.11": { name: "sha256WithRSAEncryption", digest: "sha256" },
  "1.2.840.113549.1.1.12": { name: "sha384WithRSAEncryption", digest: "sha384" },
  "1.2.840.113549.1.1.13": { name: "sha512WithRSAEncryption", digest: "sha512" },
  "1.2.840.113549.1.1.10": { name: "rsassaPss", digest: null },
  "1.2.840.10045.4.1": { name: "ecdsa-with-SHA1", digest: "sha1" },
  "1.2.840.10045.4.3.1": { name: "ecdsa-with-SHA224", digest: "sha224" },
  "1.2.840.10045.4.3.2": { name: "ecdsa-with-SHA256", digest: "sha256" },
  "1.2.840.10045.4.3.3": { name: "ecdsa-with-SHA384", digest: "sha384" },
  "1.2.840.10045.4.3.4": { name: "ecdsa-with-SHA512", digest: "sha512" },
  "1.2.840.10040.4.3": { name: "dsaWithSHA1", digest: "sha1" },
  "2.16.840.1.101.3.4.3.2": { name: "dsa_with_SHA256", digest: "sha256" },
  "1.3.101.112": { name: "ED25519", digest: null },
  "1.3.101.113": { name: "ED448", digest: null },
};

/** The OpenSSL long name, or the dotted OID when the algorithm is not one we know. */
export function signatureAlgorithmName(oid: string): string {
  return SIGNATURE_ALGORITHMS[oid]?.name ?? oid;
}

/**
 * How Node verifies a signature of this algorithm: a digest name, null for EdDSA, or undefined when
 * Node cannot verify it directly (RSASSA-PSS needs its parameters, MD2 is gone from OpenSSL 3).
 */
export function nodeVerifyDigest(oid: string): string | null | undefined {
  const algorithm = SIGNATURE_ALGORITHMS[oid];
  if (algorithm === undefined) return undefined;
  if (algorithm.digest === null && !algorithm.name.startsWith("ED")) return undefined;
  return algorithm.digest;
}
