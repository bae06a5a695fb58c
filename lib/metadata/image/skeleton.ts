/**
 * The skeletal metadata `build-metadata` writes for an image: the template of the original client
 * (reference section 1.6, fixture client/manifest.xml.tpl) with the same namespaces, element order
 * and layout, an empty endorsement for the signer to fill, and no signature.
 */
import type { Compression } from "@/lib/metadata/image/decompress";
import type { ImageChecksums } from "@/lib/metadata/image/checksums";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { LOCATION_PLACEHOLDER } from "@/lib/metadata/location";
import { NS, XML_BASE } from "@/lib/metadata/namespaces";

export interface SkeletonFields {
  checksums: ImageChecksums;
  /** dcterms:type; default `base`. */
  type?: string;
  /** slterms:kind: `machine` (default) or `disk`. */
  kind?: string;
  os?: string;
  osVersion?: string;
  osArch?: string;
  /** slterms:version, the image's own version. */
  version?: string;
  compression?: Compression;
  /** slterms:location, one element each; none writes LOCATION_PLACEHOLDER, a comment, in their place. */
  locations?: string[];
  /** dcterms:format; default `raw`. */
  format?: string;
  /** dcterms:creator, the image's author. */
  creator?: string;
  /** dcterms:created; default now. */
  created?: Date;
  /** dcterms:valid; default `created` plus half a year. */
  valid?: Date;
  title?: string;
  /** dcterms:alternative, the tag looked up by `/tag` and `?tag=`. */
  tag?: string;
  /** dcterms:description. */
  description?: string;
  /** slterms:hypervisor; default `kvm`. */
  hypervisor?: string;
  /** slterms:disks-bus; default `ide`. */
  disksBus?: string;
  /** dcterms:publisher; default `StratusLab`. */
  publisher?: string;
  /** slterms:deprecated, the reason; the element is written only when there is one. */
  deprecated?: string;
  /**
   * Properties of another vocabulary, after the format's own (the build record of lib/build): its prefix
   * and namespace (a constant of its maker, not user input) are declared on rdf:RDF, its lines are
   * written as given (their text escaped by their maker with escapeXmlText).
   */
  extension?: { prefix: string; namespace: string; lines: string[] };
}

/**
 * Half a year of 365 days. The original meant the same ("1/2 year") but wrote 356/2 days, i.e. 178.
 */
export const DEFAULT_VALIDITY_SECONDS = 15_768_000;

const CHECKSUM_ALGORITHMS = [
  ["md5", "MD5"],
  ["sha1", "SHA-1"],
  ["sha256", "SHA-256"],
  ["sha512", "SHA-512"],
] as const;

export function buildSkeleton(fields: SkeletonFields): string {
  const { checksums } = fields;
  const created = fields.created ?? new Date();
  const valid = fields.valid ?? new Date(created.getTime() + DEFAULT_VALIDITY_SECONDS * 1000);
  const element = (name: string, value: string | undefined) => `        <${name}>${escapeText(name, value ?? "")}</${name}>`;
  const checksumElements = CHECKSUM_ALGORITHMS.filter(([key]) => checksums[key]).map(([key, algorithm]) =>
    [
      `        <slreq:checksum rdf:parseType="Resource">`,
      `            <slreq:algorithm>${algorithm}</slreq:algorithm>`,
      `            <slreq:value>${escapeText(algorithm, checksums[key] ?? "")}</slreq:value>`,
      `        </slreq:checksum>`,
    ].join("\n"),
  );

  const lines = [
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>`,
    `<rdf:RDF xmlns:rdf="${NS.rdf}"`,
    `    xmlns:dcterms="${NS.dcterms}"`,
    `    xmlns:slterms="${NS.slterms}"`,
    `    xmlns:slreq="${NS.slreq}"`,
    ...(fields.extension ? [`    xmlns:${fields.extension.prefix}="${fields.extension.namespace}"`] : []),
    `    xml:base="${XML_BASE}">`,
    ``,
    `    <rdf:Description rdf:about="#${escapeText("rdf:about", checksums.identifier)}">`,
    ``,
    element("dcterms:identifier", checksums.identifier),
    ``,
    element("slreq:bytes", checksums.bytes.toString()),
    ``,
    ...checksumElements,
    ``,
    `        <slreq:endorsement rdf:parseType="Resource"/>`,
    ``,
    element("dcterms:type", fields.type ?? "base"),
    element("slterms:kind", fields.kind ?? "machine"),
    ``,
    element("slterms:os", fields.os),
    element("slterms:os-version", fields.osVersion),
    element("slterms:os-arch", fields.osArch),
    element("slterms:version", fields.version),
    element("dcterms:compression", fields.compression),
    ...(fields.locations?.length
      ? fields.locations.map((location) => element("slterms:location", location))
      : [`        <!-- ${LOCATION_PLACEHOLDER} -->`]),
    ``,
    element("dcterms:format", fields.format ?? "raw"),
    ``,
    element("dcterms:creator", fields.creator),
    ``,
    element("dcterms:created", formatMetadataDate(created)),
    element("dcterms:valid", formatMetadataDate(valid)),
    ``,
    element("dcterms:title", fields.title),
    element("dcterms:alternative", fields.tag),
    element("dcterms:description", fields.description),
    ``,
    element("slterms:hypervisor", fields.hypervisor ?? "kvm"),
    element("slterms:disks-bus", fields.disksBus ?? "ide"),
    ``,
    element("dcterms:publisher", fields.publisher ?? "StratusLab"),
    ...(fields.deprecated ? [element("slterms:deprecated", fields.deprecated)] : []),
    ``,
    ...(fields.extension ? [...fields.extension.lines, ``] : []),
    `    </rdf:Description>`,
    `</rdf:RDF>`,
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * `<os>-<os-version>-<os-arch>-<type>-<version>.xml` as the original client named its output, e.g.
 * `ttylinux-10.0-i486-base-1.0.xml`; `<identifier>.xml` when the OS is not given. Path separators
 * and control characters become `_` so that the name always stays in the output directory.
 */
export function skeletonFileName(fields: SkeletonFields): string {
  if (!fields.os?.trim()) return `${fields.checksums.identifier}.xml`;
  const parts = [fields.os, fields.osVersion ?? "", fields.osArch ?? "", fields.type ?? "base", fields.version ?? ""];
  return `${parts.join("-").replace(/[/\\\u0000-\u001f\u007f]/g, "_")}.xml`;
}

// Characters XML 1.0 cannot carry at all, even as references.
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Escapes element text; a carriage return is kept as a reference, since parsers turn a raw one into \n. */
export function escapeXmlText(field: string, value: string): string {
  if (NOT_XML_CHARACTER.test(value)) throw new RangeError(`${field} contains a character that XML cannot represent`);
  return value.replace(/[&<>\r]/g, (ch) => ESCAPES[ch] ?? ch);
}

const escapeText = escapeXmlText;

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };
