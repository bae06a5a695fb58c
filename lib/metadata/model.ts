/**
 * Typed model of one metadata entry: every element of reference section 1.4. Values are the text of
 * the signed content exactly as written (trimmed of surrounding whitespace); nothing is defaulted.
 * Elements that may repeat are arrays; optional single elements are undefined when absent.
 */
export interface Checksum {
  /** Java MessageDigest name as written: `MD5`, `SHA-1`, `SHA-256`, `SHA-512`, ... */
  algorithm: string;
  /** Hex digest as written (the original accepts either case and leading zeros). */
  value: string;
}

export interface Endorser {
  email: string;
  /** Certificate subject in Java RFC 2253 form, e.g. `CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU`. */
  subject: string;
  /** One or more issuer DNs in the same form; the first is the certificate's issuer. */
  issuers: string[];
}

export interface Endorsement {
  /** `yyyy-MM-ddTHH:mm:ssZ`; empty string when the element is present but empty (unsigned drafts). */
  created: string;
  endorser?: Endorser;
}

/** An element in a namespace other than dcterms/slreq/slterms/rdf, kept for display. */
export interface ForeignElement {
  namespace: string;
  name: string;
  text: string;
}

export interface MetadataEntry {
  identifier: string;
  /** Size of the uncompressed image in bytes, as decimal digits (it may exceed 2^53). */
  bytes: string;
  checksums: Checksum[];
  endorsement: Endorsement;

  /** `dcterms:type`, e.g. `base` (exactly one in a valid entry). */
  type?: string;
  /** `slterms:kind`: `machine` or `disk`. */
  kind?: string;
  os?: string;
  osVersion?: string;
  osArch?: string;
  /** `slterms:version`: the image version. */
  version?: string;
  serialNumber?: string;
  /** `dcterms:compression`: `gz`, `bz2`, `xz` or empty. */
  compression?: string;
  locations: string[];
  format?: string;
  creator?: string;
  publisher?: string;
  /** Top-level `dcterms:created`: when the image was built. */
  created?: string;
  /** `dcterms:valid`: the end of the endorsement's validity. */
  valid?: string;
  title?: string;
  /** `dcterms:alternative`: the tag used by the `/tag` lookups. */
  alternative?: string;
  description?: string;
  hypervisor?: string;
  disksBus: string[];
  inboundPorts: string[];
  outboundPorts: string[];
  icmp: string[];
  /** Present (possibly empty) when the entry deprecates the image; the text is the reason. */
  deprecated?: string;
  isReplacedBy?: string;
  replaces?: string;
  isVersionOf?: string;
  foreign: ForeignElement[];
}

/** The key of an entry on the server: one image, one endorser, one endorsement time. */
export interface EntryKey {
  identifier: string;
  email: string;
  /** `yyyy-MM-ddTHH:mm:ssZ` */
  created: string;
}

export function entryKey(entry: MetadataEntry): EntryKey | undefined {
  const email = entry.endorsement.endorser?.email;
  if (!email || !entry.endorsement.created) return undefined;
  return { identifier: entry.identifier, email, created: entry.endorsement.created };
}

/** The SHA-1 checksum value the identifier must encode: the first checksum whose algorithm is `SHA-1`. */
export function sha1Of(entry: MetadataEntry): string | undefined {
  return entry.checksums.find((c) => c.algorithm === "SHA-1")?.value;
}
