/**
 * Opens an image as the stream of its uncompressed bytes. The identifier and every checksum describe
 * the uncompressed image (reference section 2), so `.gz`, `.bz2` and `.xz` files are decompressed on
 * the fly. gzip uses node:zlib; bzip2 and xz have no maintained native-speed npm decoder, so the
 * system tools run in their own process, which also puts decompression on another core.
 */
import path from "node:path";
import { type Readable, addAbortSignal } from "node:stream";
import { gunzipFile, gunzipStream } from "@/lib/metadata/image/gunzip-file";
import { decompressStreamWithTool, decompressWithTool } from "@/lib/metadata/image/decompress-tool";
import { readFileCounting } from "@/lib/metadata/image/file-input";

export type Compression = "gz" | "bz2" | "xz" | "";

export interface OpenOptions {
  /** Called with the size of each block read from the file on disk (compressed bytes). */
  onInputBytes?: (bytes: number) => void;
  /** Destroys the stream (and stops a decompressor process) with the signal's reason. */
  signal?: AbortSignal;
}

const COMPRESSION_BY_SUFFIX: Readonly<Record<string, Compression>> = {
  ".gz": "gz",
  ".gzip": "gz",
  ".bz2": "bz2",
  ".xz": "xz",
};

export function guessCompression(fileName: string): Compression {
  return COMPRESSION_BY_SUFFIX[path.extname(fileName).toLowerCase()] ?? "";
}

export function openUncompressed(file: string, compression: Compression, options: OpenOptions = {}): Readable {
  const stream = openStream(file, compression, options.onInputBytes);
  return options.signal ? addAbortSignal(options.signal, stream) : stream;
}

function openStream(file: string, compression: Compression, onInputBytes?: (bytes: number) => void): Readable {
  switch (compression) {
    case "gz":
      return gunzipFile(file, onInputBytes);
    case "bz2":
      return decompressWithTool(file, BZIP2, onInputBytes);
    case "xz":
      return decompressWithTool(file, XZ, onInputBytes);
    case "":
      return readFileCounting(file, onInputBytes);
  }
}

/** The uncompressed bytes of a compressed stream (an image being downloaded); `name` names it in errors. */
export function uncompressedStream(input: Readable, compression: Compression, name: string): Readable {
  switch (compression) {
    case "gz":
      return gunzipStream(input, name);
    case "bz2":
      return decompressStreamWithTool(input, name, BZIP2);
    case "xz":
      return decompressStreamWithTool(input, name, XZ);
    case "":
      return input;
  }
}

/** The compression of an entry's `slreq:compression` value, or undefined for one this code cannot decode. */
export function compressionOf(value: string | undefined): Compression | undefined {
  const normal = (value ?? "").trim().toLowerCase();
  if (normal === "" || normal === "none") return "";
  if (normal === "gz" || normal === "gzip") return "gz";
  if (normal === "bz2" || normal === "bzip2") return "bz2";
  if (normal === "xz") return "xz";
  return undefined;
}

const BZIP2 = { command: "bzip2", args: ["-dc"], format: "bzip2", debianPackage: "bzip2" };
// -T0 lets xz >= 5.4 decode the blocks of a multi-threaded archive in parallel; older versions ignore it.
const XZ = { command: "xz", args: ["-dc", "-T0"], format: "xz", debianPackage: "xz-utils" };
