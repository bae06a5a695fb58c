/**
 * Test certificates, keys, CRLs and PKCS#12 files, made with @peculiar/x509 on Node's WebCrypto and
 * with the real openssl tool. For tests only.
 *
 * RSA key generation is the slow part, so keys come from a small per-process pool: each key size
 * cycles through POOL_SIZE keys, which makes up to POOL_SIZE identities created in a row distinct.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { spawnSync } from "node:child_process";
import { createPublicKey, generateKeyPair, randomBytes, webcrypto, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCertificate, type CertificateInfo } from "../certificate";
import { toPem } from "../pem";
import { mergePkcs12 } from "./merge-pkcs12";

export interface TestIdentity {
  certificate: CertificateInfo;
  certPem: string;
  /** PKCS#8, unencrypted. */
  keyPem: string;
  privateKey: KeyObject;
}

export interface TestCaOptions {
  /** RFC 2253 order, most specific first, as Java prints it. */
  subject?: string;
  notBefore?: Date;
  notAfter?: Date;
  keyBits?: number;
  /** Makes an intermediate CA; omitted, the CA is a self-signed root. */
  issuer?: TestIdentity;
}

export interface TestLeafOptions {
  /** Omitted: the certificate is self-signed. */
  issuer?: TestIdentity;
  /** RFC 2253 order, most specific first: "CN=Jane Tester, OU=Testing Department, O=StratusLab Project, C=EU". */
  subject?: string;
  /** rfc822Name subjectAltName. */
  email?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Default 2048. */
  keyBits?: number;
  /** Hex. */
  serialNumber?: string;
  /** Reuse the key pair of this identity (a renewed certificate for the same key); keyBits is then ignored. */
  keyOf?: TestIdentity;
}

export interface Pkcs12Options {
  /** `openssl pkcs12 -export -legacy`: 3DES / RC2-40 and a SHA-1 MAC. */
  legacy?: boolean;
  /** Further key entries, written BEFORE `identity`, so `identity` is the last entry (the one a signer picks). */
  extra?: TestIdentity[];
  /** CA certificates stored with `identity` (openssl -certfile). */
  chain?: TestIdentity[];
}

export const DEFAULT_LEAF_SUBJECT = "CN=Jane Tester, OU=Testing Department, O=StratusLab Project, C=EU";
const DEFAULT_CA_SUBJECT = "CN=Test CA, OU=Testing Department, O=StratusLab Project, C=EU";
const SIGNING = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
const POOL_SIZE = 6;
const DAY = 24 * 60 * 60 * 1000;
const CA_DEFAULT_DAYS = 10 * 365;
const LEAF_DEFAULT_DAYS = 365;

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

interface PooledKey {
  privateKey: KeyObject;
  keyPem: string;
  signingKey: CryptoKey;
  publicKey: CryptoKey;
}

const pools = new Map<number, { next: number; keys: Promise<PooledKey>[] }>();
const keysOf = new WeakMap<TestIdentity, PooledKey>();

export async function createTestCa(options: TestCaOptions = {}): Promise<TestIdentity> {
  const key = await pooledKey(options.keyBits ?? 2048);
  const subject = derOrderName(options.subject ?? DEFAULT_CA_SUBJECT);
  const issuer = options.issuer;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(key.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer ? signingKeysOf(issuer).publicKey : key.publicKey),
  ];
  return issue({ key, subject, issuer, extensions, ...validity(options, CA_DEFAULT_DAYS, issuer), serialNumber: randomSerial() });
}

export async function createTestLeaf(options: TestLeafOptions = {}): Promise<TestIdentity> {
  const key = options.keyOf ? signingKeysOf(options.keyOf) : await pooledKey(options.keyBits ?? 2048);
  const subject = derOrderName(options.subject ?? DEFAULT_LEAF_SUBJECT);
  const issuer = options.issuer;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
    await x509.SubjectKeyIdentifierExtension.create(key.publicKey),
  ];
  if (issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(signingKeysOf(issuer).publicKey));
  if (options.email !== undefined) extensions.push(new x509.SubjectAlternativeNameExtension([{ type: "email", value: options.email }]));
  const serialNumber = options.serialNumber === undefined ? randomSerial() : positiveHex(options.serialNumber);
  return issue({ key, subject, issuer, extensions, ...validity(options, LEAF_DEFAULT_DAYS, issuer), serialNumber });
}

/** A CRL of `issuer` revoking the given serials (hex, as in CertificateInfo.serialNumber), in PEM. */
export async function createTestCrl(issuer: TestIdentity, revokedSerials: string[]): Promise<string> {
  const keys = signingKeysOf(issuer);
  const now = secondsOnly(new Date());
  const crl = await x509.X509CrlGenerator.create({
    issuer: new x509.X509Certificate(issuer.certificate.der).subjectName,
    thisUpdate: new Date(now.getTime() - 60_000),
    nextUpdate: new Date(now.getTime() + 7 * DAY),
    // A reason code also keeps @peculiar/x509 from writing an empty crlEntryExtensions, which pkijs rejects.
    entries: revokedSerials.map((serial) => ({
      serialNumber: positiveHex(serial),
      revocationDate: new Date(now.getTime() - 60_000),
      reason: x509.X509CrlReason.keyCompromise,
    })),
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey)],
    signingKey: keys.signingKey,
    signingAlgorithm: SIGNING,
  });
  return toPem(new Uint8Array(crl.rawData), "X509 CRL");
}

/** A PKCS#12 file made by `openssl pkcs12 -export`, so the loader is tested against the real tool. */
export function toPkcs12(identity: TestIdentity, password: string, options: Pkcs12Options = {}): Uint8Array {
  const entries = [...(options.extra ?? []), identity];
  const files = entries.map((entry, index) =>
    opensslPkcs12(entry, password, {
      legacy: options.legacy ?? false,
      alias: `entry-${index + 1}`,
      chain: entry === identity ? (options.chain ?? []) : [],
    }),
  );
  if (files.length === 1) return files[0]!;
  return mergePkcs12(files, password, options.legacy ? "sha1" : "sha256");
}

function opensslPkcs12(
  identity: TestIdentity,
  password: string,
  options: { legacy: boolean; alias: string; chain: TestIdentity[] },
): Uint8Array {
  const dir = mkdtempSync(path.join(os.tmpdir(), "test-pki-"));
  try {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    const out = path.join(dir, "out.p12");
    writeFileSync(key, identity.keyPem, { mode: 0o600 });
    writeFileSync(cert, identity.certPem);
    const args = [
      "pkcs12",
      "-export",
      "-inkey",
      key,
      "-in",
      cert,
      "-name",
      options.alias,
      "-passout",
      "env:TEST_PKI_PASSWORD",
      "-out",
      out,
    ];
    if (options.chain.length > 0) {
      const chain = path.join(dir, "chain.pem");
      writeFileSync(chain, options.chain.map((c) => c.certPem).join(""));
      args.push("-certfile", chain);
    }
    if (options.legacy) args.push("-legacy");
    const result = spawnSync("openssl", args, { env: { ...process.env, TEST_PKI_PASSWORD: password }, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`openssl pkcs12 -export failed: ${result.error?.message ?? result.stderr}`);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface IssueParams {
  key: PooledKey;
  subject: x509.Name;
  issuer: TestIdentity | undefined;
  extensions: x509.Extension[];
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
}

async function issue(params: IssueParams): Promise<TestIdentity> {
  const { key, issuer } = params;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: params.serialNumber,
    subject: params.subject,
    issuer: issuer ? new x509.X509Certificate(issuer.certificate.der).subjectName : params.subject,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    publicKey: key.publicKey,
    signingKey: issuer ? signingKeysOf(issuer).signingKey : key.signingKey,
    signingAlgorithm: SIGNING,
    extensions: params.extensions,
  });
  const der = new Uint8Array(certificate.rawData);
  const identity: TestIdentity = {
    certificate: parseCertificate(der),
    certPem: certificate.toString("pem") + "\n",
    keyPem: key.keyPem,
    privateKey: key.privateKey,
  };
  keysOf.set(identity, key);
  return identity;
}

function signingKeysOf(identity: TestIdentity): PooledKey {
  const key = keysOf.get(identity);
  if (key === undefined) throw new Error("the issuer was not made by createTestCa / createTestLeaf");
  return key;
}

function pooledKey(bits: number): Promise<PooledKey> {
  let pool = pools.get(bits);
  if (pool === undefined) {
    pool = { next: 0, keys: [] };
    pools.set(bits, pool);
  }
  const index = pool.next++ % POOL_SIZE;
  return (pool.keys[index] ??= generateRsaKey(bits));
}

async function generateRsaKey(bits: number): Promise<PooledKey> {
  const privateKey = await new Promise<KeyObject>((resolve, reject) =>
    generateKeyPair("rsa", { modulusLength: bits }, (error, _publicKey, key) => (error ? reject(error) : resolve(key))),
  );
  const pkcs8 = privateKey.export({ type: "pkcs8", format: "der" });
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return {
    privateKey,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    signingKey: await crypto.subtle.importKey("pkcs8", pkcs8, SIGNING, true, ["sign"]),
    publicKey: await crypto.subtle.importKey("spki", spki, SIGNING, true, ["verify"]),
  };
}

/** @peculiar/x509 encodes RDNs in the order written; Java prints them reversed, most specific first. */
function derOrderName(rfc2253: string): x509.Name {
  return new x509.Name(new x509.Name(rfc2253).toJSON().reverse());
}

/** Defaults: valid since yesterday, and never beyond the issuer, so a fresh chain is valid throughout. */
function validity(
  options: { notBefore?: Date; notAfter?: Date },
  days: number,
  issuer: TestIdentity | undefined,
): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  const latest = issuer?.certificate.notAfter.getTime() ?? Number.POSITIVE_INFINITY;
  return {
    notBefore: secondsOnly(options.notBefore ?? new Date(now - DAY)),
    notAfter: secondsOnly(options.notAfter ?? new Date(Math.min(now + days * DAY, latest))),
  };
}

/** Certificates store whole seconds; rounding here keeps dates comparable with the parsed ones. */
function secondsOnly(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function randomSerial(): string {
  const bytes = randomBytes(8);
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01;
  return bytes.toString("hex");
}

/** Even-length hex that a DER INTEGER reads as positive. */
function positiveHex(hex: string): string {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return /^[89a-f]/i.test(even) ? `00${even}` : even;
}
