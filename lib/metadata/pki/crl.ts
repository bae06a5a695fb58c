/**
 * Certificate revocation lists from the configured CRL directory: which serials an issuer revoked,
 * and whether a CRL really comes from a given issuer certificate.
 */
import { verify as verifySignature } from "node:crypto";
import * as pkijs from "pkijs";
import { serialHex, type CertificateInfo } from "./certificate";
import { javaRfc2253 } from "./dn";
import { pkijsCertificate, ensurePkijsEngine } from "./pkijs-objects";
import { nodeVerifyDigest, signatureAlgorithmName } from "./signature-algorithms";

export interface CrlInfo {
  der: Uint8Array<ArrayBuffer>;
  /** Where the CRL was read from, for messages. */
  source: string;
  /** Java RFC 2253 form, comparable with `CertificateInfo.issuer`. */
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** Revocation date by serial number (lowercase hex without leading zeros, as in CertificateInfo). */
  revoked: ReadonlyMap<string, Date>;
  signatureAlgorithm: string;
}

export class CrlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CrlError";
  }
}

const parsedCrls = new WeakMap<CrlInfo, pkijs.CertificateRevocationList>();

export function parseCrl(der: Uint8Array, source: string): CrlInfo {
  const bytes = new Uint8Array(der);
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = pkijs.CertificateRevocationList.fromBER(bytes);
  } catch (error) {
    throw new CrlError(`${source}: not a valid CRL`, { cause: error });
  }
  const revoked = new Map<string, Date>();
  for (const entry of crl.revokedCertificates ?? []) {
    revoked.set(serialHex(entry.userCertificate.valueBlock.valueHexView), entry.revocationDate.value);
  }
  const info: CrlInfo = {
    der: bytes,
    source,
    issuer: javaRfc2253(crl.issuer.valueBeforeDecode),
    thisUpdate: crl.thisUpdate.value,
    ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate.value } : {}),
    revoked,
    signatureAlgorithm: signatureAlgorithmName(crl.signatureAlgorithm.algorithmId),
  };
  parsedCrls.set(info, crl);
  return info;
}

/** True when `issuer` is named as the CRL's issuer and its key verifies the CRL's signature. */
export async function isSignedBy(crlInfo: CrlInfo, issuer: CertificateInfo): Promise<boolean> {
  const crl = parsedCrls.get(crlInfo);
  if (crl === undefined || crlInfo.issuer !== issuer.subject) return false;
  const algorithm = crl.signatureAlgorithm.algorithmId;
  const digest = nodeVerifyDigest(algorithm);
  try {
    if (digest !== undefined) {
      return verifySignature(digest, crl.tbsView, issuer.publicKey, crl.signatureValue.valueBlock.valueHexView);
    }
    // Parameterised algorithms such as RSASSA-PSS: pkijs reads the parameters.
    ensurePkijsEngine();
    return await crl.verify({ issuerCertificate: pkijsCertificate(issuer) });
  } catch {
    return false;
  }
}
