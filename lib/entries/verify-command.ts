/**
 * The shell line that checks a downloaded image against its entry (issue 7, item 10): the strongest
 * checksum the entry has, the download's file name, and the decompressor when the image is compressed
 * (the checksums describe the uncompressed image, reference section 6.1). Every part that comes from
 * the metadata is reduced to characters with no meaning to a shell, since people paste this line.
 */

/** Strongest first: the tool that checks each algorithm and its digest length in hex. */
const TOOLS = [
  { algorithm: "SHA-512", tool: "sha512sum", hexLength: 128 },
  { algorithm: "SHA-256", tool: "sha256sum", hexLength: 64 },
  { algorithm: "SHA-1", tool: "sha1sum", hexLength: 40 },
  { algorithm: "MD5", tool: "md5sum", hexLength: 32 },
] as const;

const DECOMPRESSORS: Record<string, string> = { gz: "gunzip -c", bz2: "bunzip2 -c", xz: "xz -dc" };

export interface VerifyCommand {
  algorithm: string;
  tool: string;
  /** The digest as the tool prints it: lowercase, with the leading zeros the format may drop. */
  digest: string;
  fileName: string;
  /** The line to paste; prints "<file>: OK" or "OK" when the file matches. */
  command: string;
  /** The image is compressed: the line decompresses it on the fly. */
  decompress?: string;
}

export function verifyCommand(entry: {
  checksums: Array<{ algorithm: string; value: string }>;
  locations: string[];
  compression?: string;
}): VerifyCommand | undefined {
  for (const { algorithm, tool, hexLength } of TOOLS) {
    const value = entry.checksums
      .find((c) => c.algorithm.toUpperCase() === algorithm)
      ?.value.trim()
      .toLowerCase();
    if (!value || !/^[0-9a-f]+$/.test(value) || value.length > hexLength) continue;
    const digest = value.padStart(hexLength, "0");
    const fileName = downloadName(entry.locations[0]);
    const decompress =
      DECOMPRESSORS[(entry.compression ?? "").toLowerCase()] ?? DECOMPRESSORS[fileName.split(".").pop()?.toLowerCase() ?? ""];
    const command = decompress
      ? `${decompress} ${fileName} | ${tool} | grep -qx '${digest}  -' && echo OK || echo 'checksum mismatch'`
      : `echo '${digest}  ${fileName}' | ${tool} -c`;
    return { algorithm, tool, digest, fileName, command, ...(decompress ? { decompress } : {}) };
  }
  return undefined;
}

/** The last path segment of the download URL, in shell-safe characters only; "image" when there is none. */
export function downloadName(location: string | undefined): string {
  let name = "";
  try {
    const url = location ? new URL(location) : undefined;
    // A pdisk: volume is not a file one downloads.
    if (url && /^(https?|ftp):$/.test(url.protocol)) name = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  } catch {
    name = "";
  }
  const safe = name.replace(/[^A-Za-z0-9._+-]/g, "_").replace(/^[-.]+/, "");
  return safe || "image";
}
