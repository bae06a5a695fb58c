/** The errors a user can act on when an image cannot be decompressed. */
import path from "node:path";
import { AppError } from "@/lib/errors";

/** The file is damaged, truncated or not in the format its name or `--compression` claims. */
export function invalidCompressedFile(file: string, format: string, reason: string, cause?: unknown): AppError {
  return new AppError("bad_request", `${path.basename(file)} is not a valid ${format} file: ${reason}`, { file, format }, { cause });
}

/** The decompressor program is not installed on this machine. */
export function missingDecompressor(command: string, debianPackage: string, cause?: unknown): AppError {
  return new AppError(
    "unavailable",
    `cannot decompress: the program "${command}" is not installed (install the Debian package ${debianPackage})`,
    { command, debianPackage },
    { cause },
  );
}
