/** Issuer links between certificates: name chaining plus a signature check, no dates or policy. */
import { X509Certificate } from "node:crypto";
import type { CertificateInfo } from "./certificate";

export function isIssuedBy(child: CertificateInfo, parent: CertificateInfo): boolean {
  if (child.issuer !== parent.subject) return false;
  try {
    return new X509Certificate(child.der).verify(parent.publicKey);
  } catch {
    return false;
  }
}

/**
 * The issuers of `leaf` found among `candidates`, nearest first, up to a self-issued certificate or
 * the first missing link. Candidates that are not on the way up (other entries' certificates) are left out.
 */
export function issuerChain(leaf: CertificateInfo, candidates: CertificateInfo[]): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  const used = new Set([leaf.fingerprintSha256]);
  let current = leaf;
  while (!current.selfIssued) {
    const child = current;
    const issuer = candidates.find((c) => !used.has(c.fingerprintSha256) && isIssuedBy(child, c));
    if (issuer === undefined) break;
    chain.push(issuer);
    used.add(issuer.fingerprintSha256);
    current = issuer;
  }
  return chain;
}
