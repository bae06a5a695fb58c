/**
 * What every site-tool export (HEPiX image list, Simplestreams, virt-builder) can say of an entry: the
 * tools download the file at a URL and check its size and digest, so only an entry whose image is
 * stored uncompressed (its signed size and checksums are those of the very file) at an http(s)
 * location, with a SHA-512 and a SHA-256 where the format needs one, can be listed.
 */
import type { ExportEntry } from "@/db/export-entries";
import { isWebLocation } from "@/lib/entries/status";
import { compressionOf } from "@/lib/metadata/image/decompress";

export interface ExportImage {
  entry: ExportEntry;
  url: string;
  bytes: string;
  sha512?: string;
  sha256?: string;
}

const hexOf = (entry: ExportEntry, algorithm: string) =>
  entry.checksums
    .find((checksum) => checksum.algorithm.toUpperCase() === algorithm)
    ?.value.trim()
    .toLowerCase();

/** Pads a hex digest written without its leading zeros (the format allows it) to the algorithm's length. */
const padded = (hex: string | undefined, length: number) => (hex === undefined ? undefined : hex.padStart(length, "0"));

export function exportImage(entry: ExportEntry): ExportImage | undefined {
  if (compressionOf(entry.compression ?? undefined) !== "") return undefined;
  const url = entry.locations.find(isWebLocation);
  if (!url) return undefined;
  return { entry, url, bytes: entry.bytes, sha512: padded(hexOf(entry, "SHA-512"), 128), sha256: padded(hexOf(entry, "SHA-256"), 64) };
}
