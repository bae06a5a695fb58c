/**
 * Trust evaluation of a signer's certificate at the endorsement time of a document: one label for
 * people and policy, with the reason behind it. The original Marketplace checked none of this.
 *
 * Label precedence: revoked > expired / not-yet-valid > trusted > self-signed > unknown-ca.
 */
import type { CertificateInfo } from "./certificate";
import { validateChainCached } from "./chain-cache";
import { isSignedBy, type CrlInfo } from "./crl";
import type { TrustLabel } from "./trust-labels";
import type { TrustStore } from "./trust-store";

export { loadTrustStore, TrustStoreError, type TrustStore, type TrustStoreConfig } from "./trust-store";
export type { CrlInfo } from "./crl";

export { TRUST_LABELS, type TrustLabel } from "./trust-labels";

export interface TrustEvaluation {
  label: TrustLabel;
  /** A sentence for people explaining the label. */
  reason: string;
  /** The instant the certificate was evaluated for (the endorsement time), ISO 8601. */
  checkedAt: string;
  /** A valid path to an anchor exists (for a leaf outside its validity: at the closest valid instant). */
  chainsToAnchor: boolean;
  anchorSubject?: string;
  selfSigned: boolean;
  /** `checkedAt` lies within the leaf's notBefore..notAfter. */
  validAt: boolean;
}

export interface EvaluationOptions {
  /** The endorsement time of the document. */
  at: Date;
  /** Without a store nothing is trusted: a leaf is "self-signed" or "unknown-ca". */
  store?: TrustStore;
  /** Untrusted certificates that may complete the path, e.g. the rest of the document's KeyInfo. */
  intermediates?: CertificateInfo[];
}

interface Revocation {
  certificate: CertificateInfo;
  crl: CrlInfo;
  date: Date;
}

export async function evaluateCertificate(leaf: CertificateInfo, options: EvaluationOptions): Promise<TrustEvaluation> {
  const { at, store } = options;
  if (Number.isNaN(at.getTime())) throw new TypeError("the evaluation time is not a valid date");
  const intermediates = options.intermediates ?? [];
  const validAt = at >= leaf.notBefore && at <= leaf.notAfter;
  const chain = store === undefined ? undefined : await validateChainCached(leaf, store, intermediates, closestValidInstant(leaf, at));
  const path = chain?.valid ? chain.path : [leaf];
  const anchor = chain?.valid ? path[path.length - 1] : undefined;
  const revocation = store === undefined ? undefined : await findRevocation(path, [...store.anchors, ...intermediates], store.crls);

  const base = {
    checkedAt: at.toISOString(),
    chainsToAnchor: anchor !== undefined,
    ...(anchor === undefined ? {} : { anchorSubject: anchor.subject }),
    selfSigned: leaf.selfSigned,
    validAt,
  };
  const fromAnchor = anchor === undefined ? "" : ` (${describeAnchor(leaf, anchor)})`;

  if (revocation !== undefined) {
    return { ...base, label: "revoked", reason: describeRevocation(leaf, revocation) };
  }
  if (at > leaf.notAfter) {
    return {
      ...base,
      label: "expired",
      reason: `the certificate expired on ${iso(leaf.notAfter)}, before the endorsement time ${iso(at)}${fromAnchor}`,
    };
  }
  if (at < leaf.notBefore) {
    return {
      ...base,
      label: "not-yet-valid",
      reason: `the certificate is valid only from ${iso(leaf.notBefore)}, after the endorsement time ${iso(at)}${fromAnchor}`,
    };
  }
  if (anchor !== undefined) {
    return { ...base, label: "trusted", reason: describeAnchor(leaf, anchor) };
  }
  const chainFailure = chain?.valid === false ? chain.message : "no CA bundle is configured";
  if (leaf.selfSigned) {
    const where = store === undefined ? "no CA bundle is configured" : "it is not in the configured CA bundle";
    return { ...base, label: "self-signed", reason: `self-signed certificate of ${leaf.subject}; ${where}` };
  }
  return { ...base, label: "unknown-ca", reason: describeUnknownIssuer(leaf, store, chainFailure) };
}

/** `at` itself when the leaf is valid then; otherwise the nearest end of its validity period. */
function closestValidInstant(leaf: CertificateInfo, at: Date): Date {
  if (at < leaf.notBefore) return leaf.notBefore;
  if (at > leaf.notAfter) return leaf.notAfter;
  return at;
}

/**
 * A certificate of the path (the anchor excepted) listed by a CRL of its issuer. The CRL counts only
 * when its signature verifies with a certificate named as that issuer. Revocation dates are not
 * compared with the endorsement time: that time is asserted by the signer, so a compromised key
 * could backdate it.
 */
async function findRevocation(path: CertificateInfo[], issuers: CertificateInfo[], crls: CrlInfo[]): Promise<Revocation | undefined> {
  const checked = path.length > 1 ? path.slice(0, -1) : path;
  for (const certificate of checked) {
    for (const crl of crls) {
      const date = crl.issuer === certificate.issuer ? crl.revoked.get(certificate.serialNumber) : undefined;
      if (date === undefined) continue;
      for (const issuer of issuers) {
        if (await isSignedBy(crl, issuer)) return { certificate, crl, date };
      }
    }
  }
  return undefined;
}

function describeAnchor(leaf: CertificateInfo, anchor: CertificateInfo): string {
  if (anchor === leaf) return "the certificate itself is in the configured CA bundle";
  if (anchor.subject === leaf.issuer) return `issued by ${leaf.issuer}, a CA of the configured CA bundle`;
  return `issued by ${leaf.issuer}, which chains to ${anchor.subject} in the configured CA bundle`;
}

function describeRevocation(leaf: CertificateInfo, revocation: Revocation): string {
  const { certificate, crl, date } = revocation;
  const what = certificate === leaf ? "the certificate" : `the intermediate CA ${certificate.subject}`;
  return `${what} (serial ${certificate.serialNumber}) was revoked on ${iso(date)} according to the CRL of ${crl.issuer} dated ${iso(crl.thisUpdate)}`;
}

function describeUnknownIssuer(leaf: CertificateInfo, store: TrustStore | undefined, chainFailure: string): string {
  if (store === undefined) return `issued by ${leaf.issuer}; no CA bundle is configured`;
  if (store.anchors.length === 0) return `issued by ${leaf.issuer}; the configured CA bundle is empty`;
  const issuerKnown = store.anchors.some((anchor) => anchor.subject === leaf.issuer);
  if (!issuerKnown && /no valid certificate paths/i.test(chainFailure)) {
    return `issued by ${leaf.issuer}, which is not in the configured CA bundle`;
  }
  return `issued by ${leaf.issuer}, but it does not chain to the configured CA bundle: ${chainFailure}`;
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}
