import "server-only";
/**
 * The convert stage (guide §3): the assembled raw ext4 image becomes each format the recipe asks for.
 * qcow2 and zstd-compressed qcow2 by `qemu-img convert` (deterministic), raw as it is, and `tar.zst`
 * as zstd of the canonical tarball (canonical-tree.ts); so each format, too, is the same bytes for the
 * same recipe.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { FORMAT_EXTENSION, type OutputFormat } from "@/lib/build/recipe";

export type { OutputFormat };
import type { ToolLog } from "./run-tool";
import { hostRunner } from "./sandbox";

export interface ConvertOptions {
  raw: string;
  /** The canonical tarball of the root filesystem (canonical-tree.ts), for `tar.zst`. */
  tarball: string;
  formats: readonly OutputFormat[];
  /** Where the artifacts go, named `<baseName>.<extension>`. */
  outputDir: string;
  baseName: string;
  signal?: AbortSignal;
  log?: ToolLog;
}

export interface Converted {
  format: OutputFormat;
  file: string;
}

const LONG = 3_600_000;

export async function convert(options: ConvertOptions): Promise<Converted[]> {
  const { signal, log } = options;
  const out: Converted[] = [];
  for (const format of options.formats) {
    const file = path.join(options.outputDir, `${options.baseName}.${FORMAT_EXTENSION[format]}`);
    const tool = { signal, log, timeoutMs: LONG };
    if (format === "raw") {
      await fs.copyFile(options.raw, file);
    } else if (format === "qcow2") {
      await hostRunner(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", options.raw, file], tool);
    } else if (format === "qcow2-zstd") {
      await hostRunner(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", "-c", "-o", "compression_type=zstd", options.raw, file], tool);
    } else {
      // Fed on stdin: zstd would otherwise give the output the tarball's owner (the image's root).
      await hostRunner(["zstd", "-q", "-3", "-T2", "-f", "-o", file], { ...tool, stdinFile: options.tarball });
    }
    out.push({ format, file });
  }
  return out;
}
