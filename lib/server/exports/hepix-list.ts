/**
 * A HEPiX image list (`hv:imagelist`, the JSON vmcatcher and atrope read): the list's Dublin Core
 * head (created, expires, identifier, title, description, source, version, uri), its endorser as an
 * X.509 identity in OpenSSL's slash form, and one `hv:image` per listable entry with every field
 * atrope requires (atrope/image.py HepixImage.field_map; absent values are empty strings, never
 * missing keys). Identifiers are UUIDs, as those tools expect: version 5 of the Marketplace URL of the
 * list, and of the image's identifier, so they stay the same from one regeneration to the next.
 */
import { v5 as uuidv5 } from "uuid";
import { endorserHistoryPath, entryUrl } from "@/lib/entries/entry-urls";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { exportImage, type ExportImage } from "./export-images";
import type { ExportEntry } from "@/db/export-entries";

/** A list is valid this long at most (and never past the validity of an entry it lists). */
const LIST_DAYS = 28;

export interface ListIdentity {
  /** The common name, the subject and the issuer (RFC 2253, as the signatures give them). */
  name: string;
  subject: string;
  issuer: string;
  email?: string;
}

export interface HepixContext {
  /** The Marketplace's base URL, with a trailing slash. */
  base: string;
  /** This list's own URL (hv:uri). */
  listUrl: string;
  title: string;
  description: string;
  /** Who endorses the list: the endorser of a per-endorser list, else the service certificate. */
  endorser: ListIdentity;
  /** A number that grows with every change of the data (hv:version). */
  version: number;
  now: Date;
}

/** RFC 2253 (`CN=Jane, O=Example, C=EU`, most specific first) as OpenSSL's one-line form (`/C=EU/O=Example/CN=Jane`). */
export function slashDn(rfc2253: string): string {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < rfc2253.length; i++) {
    const char = rfc2253[i]!;
    if (char === "\\" && i + 1 < rfc2253.length) {
      current += rfc2253[++i];
      continue;
    }
    if (char === "," || char === "+") {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts
    .reverse()
    .map((part) => `/${part.replace(/\//g, "\\/")}`)
    .join("");
}

function image(item: ExportImage & { sha512: string }, base: string) {
  const { entry } = item;
  const key = { identifier: entry.identifier, email: entry.email, created: formatMetadataDate(entry.created) };
  return {
    "hv:image": {
      "ad:group": "",
      "ad:mpuri": entryUrl(base, key),
      "ad:user:fullname": entry.endorserName,
      "ad:user:guid": entry.email,
      "ad:user:uri": `${base.replace(/\/$/, "")}${endorserHistoryPath(entry.email)}`,
      "dc:description": entry.description ?? "",
      "dc:identifier": uuidv5(entry.identifier, uuidv5.URL),
      "dc:title": entry.title ?? [entry.os, entry.osVersion, entry.arch].filter(Boolean).join(" "),
      "hv:hypervisor": entry.hypervisor ?? "",
      "hv:format": (entry.format ?? "").toUpperCase(),
      "hv:size": Number(item.bytes),
      "hv:uri": item.url,
      "hv:version": entry.version ?? key.created,
      "sl:arch": entry.arch ?? "",
      "sl:checksum:sha512": item.sha512,
      "sl:comments": `Marketplace identifier ${entry.identifier}, endorsed ${key.created} by ${entry.email}`,
      "sl:os": entry.os ?? "",
      "sl:osname": entry.os ?? "",
      "sl:osversion": entry.osVersion ?? "",
    },
  };
}

export function hepixImageList(entries: ExportEntry[], context: HepixContext): { "hv:imagelist": Record<string, unknown> } {
  const listable = entries
    .map(exportImage)
    .filter((item): item is ExportImage & { sha512: string } => item?.sha512 !== undefined && Number.isSafeInteger(Number(item.bytes)));
  const cap = context.now.getTime() + LIST_DAYS * 86_400_000;
  const expires = Math.min(cap, ...listable.map((item) => item.entry.valid.getTime()));
  return {
    "hv:imagelist": {
      "dc:date:created": formatMetadataDate(context.now),
      "dc:date:expires": formatMetadataDate(new Date(expires)),
      "dc:identifier": uuidv5(context.listUrl, uuidv5.URL),
      "dc:title": context.title,
      "dc:description": context.description,
      "dc:source": context.base,
      "hv:version": String(context.version),
      "hv:uri": context.listUrl,
      "hv:endorser": {
        "hv:x509": {
          "dc:creator": context.endorser.name,
          "hv:ca": slashDn(context.endorser.issuer),
          "hv:dn": slashDn(context.endorser.subject),
          "hv:email": context.endorser.email ?? "",
        },
      },
      "hv:images": listable.map((item) => image(item, context.base)),
    },
  };
}
