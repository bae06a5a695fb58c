/**
 * The configured trust: CA certificates (anchors) from a directory in the OpenSSL / IGTF layout and
 * CRLs from another (or the same) directory. Loaded stores are cached per directory and reused
 * until a file in it changes, so workers can ask for the store on every document.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CertificateError, parseCertificate, type CertificateInfo } from "./certificate";
import { CrlError, parseCrl, type CrlInfo } from "./crl";
import { looksLikePem, pemBlocks } from "./pem";

export interface TrustStoreConfig {
  /** Directory of CA certificates: *.pem, *.crt, *.cer or OpenSSL hash names (abcd1234.0). */
  caDir?: string;
  /** Directory of CRLs, PEM or DER: *.pem, *.crl, *.der or OpenSSL hash names (abcd1234.r0). */
  crlDir?: string;
}

export interface TrustStore {
  anchors: CertificateInfo[];
  crls: CrlInfo[];
  /** What was loaded from where, for logs and for the record of a verification. */
  description: string;
}

export class TrustStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TrustStoreError";
  }
}

const CA_FILE = /(\.(pem|crt|cer)|^[0-9a-f]{8}\.\d+)$/i;
const CRL_FILE = /(\.(pem|crl|der)|^[0-9a-f]{8}\.r\d+)$/i;
const CERTIFICATE_LABELS = new Set(["CERTIFICATE", "X509 CERTIFICATE"]);
const CRL_LABELS = new Set(["X509 CRL", "CRL"]);

const NONE: never[] = [];
const stores = new Map<string, TrustStore>();

/**
 * The same TrustStore object comes back while no file changed, so what is cached per store (the
 * validated certification paths) survives across documents.
 */
export async function loadTrustStore(config: TrustStoreConfig): Promise<TrustStore> {
  const [anchors, crls] = await Promise.all([
    config.caDir === undefined ? NONE : anchorsIn(path.resolve(config.caDir)),
    config.crlDir === undefined ? NONE : crlsIn(path.resolve(config.crlDir)),
  ]);
  const key = `${config.caDir ?? ""}\u0000${config.crlDir ?? ""}`;
  const previous = stores.get(key);
  if (previous && previous.anchors === anchors && previous.crls === crls) return previous;
  const store = { anchors, crls, description: describe(config, anchors.length, crls.length) };
  stores.set(key, store);
  return store;
}

function describe(config: TrustStoreConfig, anchorCount: number, crlCount: number): string {
  const parts = [config.caDir === undefined ? "no CA bundle configured" : `${plural(anchorCount, "CA certificate")} from ${config.caDir}`];
  if (config.crlDir !== undefined) parts.push(`${plural(crlCount, "CRL")} from ${config.crlDir}`);
  return parts.join("; ");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

interface CachedDirectory<T> {
  signature: string;
  items: Promise<T[]>;
}

const anchorCache = new Map<string, CachedDirectory<CertificateInfo>>();
const crlCache = new Map<string, CachedDirectory<CrlInfo>>();

function anchorsIn(dir: string): Promise<CertificateInfo[]> {
  return cachedDirectory(anchorCache, dir, "CA directory", CA_FILE, async (files) => {
    const byFingerprint = new Map<string, CertificateInfo>();
    // Hash names are usually links to a .pem in the same directory: keep one copy of each.
    for (const file of files) {
      for (const anchor of certificatesIn(await readFile(file), file)) byFingerprint.set(anchor.fingerprintSha256, anchor);
    }
    return [...byFingerprint.values()];
  });
}

function crlsIn(dir: string): Promise<CrlInfo[]> {
  return cachedDirectory(crlCache, dir, "CRL directory", CRL_FILE, async (files) => {
    const byContent = new Map<string, CrlInfo>();
    for (const file of files) {
      for (const crl of crlsInFile(await readFile(file), file)) byContent.set(Buffer.from(crl.der).toString("base64"), crl);
    }
    return [...byContent.values()];
  });
}

async function cachedDirectory<T>(
  cache: Map<string, CachedDirectory<T>>,
  dir: string,
  what: string,
  pattern: RegExp,
  load: (files: string[]) => Promise<T[]>,
): Promise<T[]> {
  const { files, signature } = await snapshot(dir, what, pattern);
  const cached = cache.get(dir);
  if (cached !== undefined && cached.signature === signature) return cached.items;
  const items = load(files);
  cache.set(dir, { signature, items });
  // A failed load must not stick: the operator fixes the file and the next call retries.
  items.catch(() => {
    if (cache.get(dir)?.items === items) cache.delete(dir);
  });
  return items;
}

async function snapshot(dir: string, what: string, pattern: RegExp): Promise<{ files: string[]; signature: string }> {
  const dirStat = await stat(dir).catch((error: unknown) => {
    throw new TrustStoreError(`the ${what} ${dir} does not exist or cannot be read`, { cause: error });
  });
  if (!dirStat.isDirectory()) throw new TrustStoreError(`the ${what} ${dir} is not a directory`);
  const names = (await readdir(dir)).filter((name) => pattern.test(name)).sort();
  const files: string[] = [];
  const parts = [String(dirStat.mtimeMs)];
  for (const name of names) {
    const file = path.join(dir, name);
    // stat follows links; a dangling hash link is skipped like OpenSSL would.
    const fileStat = await stat(file).catch(() => undefined);
    if (!fileStat?.isFile()) continue;
    files.push(file);
    parts.push(`${name}:${fileStat.mtimeMs}:${fileStat.size}`);
  }
  return { files, signature: parts.join("\n") };
}

function certificatesIn(data: Buffer, file: string): CertificateInfo[] {
  const ders = looksLikePem(data)
    ? pemBlocks(data.toString("latin1"))
        .filter((block) => CERTIFICATE_LABELS.has(block.label))
        .map((block) => block.der)
    : [new Uint8Array(data)];
  // A PEM file of other objects (a CRL, a key) can share the directory with the CA files.
  try {
    return ders.map((der) => parseCertificate(der));
  } catch (error) {
    if (error instanceof CertificateError) throw new TrustStoreError(`${file} holds an invalid certificate`, { cause: error });
    throw error;
  }
}

function crlsInFile(data: Buffer, file: string): CrlInfo[] {
  const ders = looksLikePem(data)
    ? pemBlocks(data.toString("latin1"))
        .filter((block) => CRL_LABELS.has(block.label))
        .map((block) => block.der)
    : [new Uint8Array(data)];
  // A .pem in a directory shared with the CA files may be a certificate rather than a CRL.
  try {
    return ders.map((der) => parseCrl(der, file));
  } catch (error) {
    if (error instanceof CrlError) throw new TrustStoreError(error.message, { cause: error });
    throw error;
  }
}
