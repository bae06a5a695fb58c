/**
 * The typed entry read from the content tree. Single-valued terms take the first occurrence (as the
 * original did); validation has already reported duplicates. Reading never throws: a draft with
 * missing parts yields empty strings, and callers decide what is required.
 */
import type { Checksum, Endorsement, ForeignElement, MetadataEntry } from "../model";
import { NS } from "../namespaces";
import { attr, childrenNamed, elementChildren, firstChild, is, trimmedText, type XElement } from "./tree";

const KNOWN_NAMESPACES = new Set<string>([NS.rdf, NS.dcterms, NS.slreq, NS.slterms]);

export function readEntry(root: XElement): MetadataEntry {
  const description = elementChildren(root).find((c) => is(c, NS.rdf, "Description"));
  const d = description ?? { ns: NS.rdf, local: "Description", name: "rdf:Description", attrs: [], children: [] };
  const dc = (local: string) => textOf(firstChild(d, NS.dcterms, local));
  const sl = (local: string) => textOf(firstChild(d, NS.slterms, local));
  const all = (ns: string, local: string) => childrenNamed(d, ns, local).map(trimmedText);
  const deprecated = firstChild(d, NS.slterms, "deprecated");

  const entry: MetadataEntry = {
    identifier: dc("identifier") ?? aboutIdentifier(attr(d, NS.rdf, "about")),
    bytes: textOf(firstChild(d, NS.slreq, "bytes")) ?? "",
    checksums: childrenNamed(d, NS.slreq, "checksum").map(readChecksum),
    endorsement: readEndorsement(firstChild(d, NS.slreq, "endorsement")),
    locations: all(NS.slterms, "location"),
    disksBus: all(NS.slterms, "disks-bus"),
    inboundPorts: all(NS.slterms, "inbound-port"),
    outboundPorts: all(NS.slterms, "outbound-port"),
    icmp: all(NS.slterms, "icmp"),
    foreign: elementChildren(d)
      .filter((c) => !KNOWN_NAMESPACES.has(c.ns))
      .map(readForeign),
  };
  assign(entry, {
    type: dc("type"),
    kind: sl("kind"),
    os: sl("os"),
    osVersion: sl("os-version"),
    osArch: sl("os-arch"),
    version: sl("version"),
    serialNumber: sl("serial-number"),
    compression: dc("compression"),
    format: dc("format"),
    creator: dc("creator"),
    publisher: dc("publisher"),
    created: dc("created"),
    valid: dc("valid"),
    title: dc("title"),
    alternative: dc("alternative"),
    description: dc("description"),
    hypervisor: sl("hypervisor"),
    deprecated: deprecated ? trimmedText(deprecated) : undefined,
    isReplacedBy: dc("isReplacedBy"),
    replaces: dc("replaces"),
    isVersionOf: dc("isVersionOf"),
  });
  return entry;
}

function readChecksum(checksum: XElement): Checksum {
  return {
    algorithm: textOf(firstChild(checksum, NS.slreq, "algorithm")) ?? "",
    value: textOf(firstChild(checksum, NS.slreq, "value")) ?? "",
  };
}

function readEndorsement(endorsement: XElement | undefined): Endorsement {
  const created = endorsement && firstChild(endorsement, NS.dcterms, "created");
  const endorser = endorsement && firstChild(endorsement, NS.slreq, "endorser");
  const result: Endorsement = { created: textOf(created) ?? "" };
  if (endorser) {
    result.endorser = {
      email: textOf(firstChild(endorser, NS.slreq, "email")) ?? "",
      subject: textOf(firstChild(endorser, NS.slreq, "subject")) ?? "",
      issuers: childrenNamed(endorser, NS.slreq, "issuer").map(trimmedText),
    };
  }
  return result;
}

function readForeign(element: XElement): ForeignElement {
  return { namespace: element.ns, name: element.local, text: trimmedText(element) };
}

function textOf(element: XElement | undefined): string | undefined {
  return element ? trimmedText(element) : undefined;
}

function aboutIdentifier(about: string | undefined): string {
  return about?.startsWith("#") ? about.slice(1) : "";
}

/** Copy only defined values, so optional fields stay absent rather than `undefined`-valued keys. */
function assign<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
}
