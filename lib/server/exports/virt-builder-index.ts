/**
 * A virt-builder index (virt-builder(1) "Creating and signing the index file"): one `[os-version]`
 * section per current raw image (size= is the virtual disk size, which the Marketplace knows only for
 * raw images, where it is the file's), with its SHA-512. virt-builder takes templates from the index's
 * own origin only, so `file=` names `images/<identifier>` beside the index, which redirects to the
 * entry's location; the signed SHA-512 is what vouches for the bytes, wherever they come from.
 */
import type { ExportEntry } from "@/db/export-entries";
import { exportImage, type ExportImage } from "./export-images";

type Listable = ExportImage & { sha512: string };

/** A value on one line, as the format needs (a newline would start a field of its own). */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ").trim();

const RAW = new Set(["raw", "img"]);

export function virtBuilderIndex(entries: ExportEntry[]): string {
  const sections: string[] = [];
  const names = new Set<string>();
  for (const item of entries.map(exportImage)) {
    if (item?.sha512 === undefined || !RAW.has((item.entry.format ?? "").toLowerCase())) continue;
    const { entry } = item as Listable;
    // An os-version virt-builder accepts on its command line: letters, digits, '.', '-', '_'.
    const name = `${[entry.os, entry.osVersion].filter(Boolean).join("-") || "appliance"}-${entry.identifier}`
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-");
    if (names.has(name)) continue;
    names.add(name);
    const fields = [
      `[${name}]`,
      `name=${oneLine(entry.title ?? ([entry.os, entry.osVersion].filter(Boolean).join(" ") || entry.identifier))}`,
      `arch=${oneLine(entry.arch ?? "x86_64")}`,
      `file=images/${entry.identifier}`,
      `checksum[sha512]=${item.sha512}`,
      "format=raw",
      `size=${item.bytes}`,
      ...(entry.description ? [`notes=${oneLine(entry.description)}`] : []),
    ];
    sections.push(fields.join("\n"));
  }
  return sections.length > 0 ? `${sections.join("\n\n")}\n` : "";
}
