/**
 * pkijs objects for parsed certificates, with pkijs bound to Node's WebCrypto. pkijs keeps its
 * engine per process, so binding it here once serves every caller.
 */
import { webcrypto } from "node:crypto";
import * as pkijs from "pkijs";
import type { CertificateInfo } from "./certificate";

let engineBound = false;

export function ensurePkijsEngine(): void {
  if (engineBound) return;
  // Node's webcrypto implements the DOM Crypto interface pkijs is typed against.
  pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto }));
  engineBound = true;
}

const certificates = new WeakMap<CertificateInfo, pkijs.Certificate>();

export function pkijsCertificate(info: CertificateInfo): pkijs.Certificate {
  let certificate = certificates.get(info);
  if (certificate === undefined) {
    certificate = pkijs.Certificate.fromBER(info.der);
    certificates.set(info, certificate);
  }
  return certificate;
}
