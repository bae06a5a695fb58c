import "server-only";
/**
 * The contextualization disks as ISO9660 images (reference section 7), made by xorriso (never a
 * hand-written ISO writer): the `_STRATUSLAB` disk with `context.sh`, `init.sh`, `prolog.sh` and
 * `epilog.sh`, or cloud-init's NoCloud `cidata` seed with `user-data` and `meta-data`. Joliet and Rock
 * Ridge names, as `mkisofs -J -R` made them for the original.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  cloudInitMetaData,
  cloudInitUserDataFrom,
  contextShell,
  STRATUSLAB_EPILOG_SH,
  STRATUSLAB_INIT_SH,
  STRATUSLAB_PROLOG_SH,
} from "@/lib/build/context-files";
import { runTool } from "./run-tool";

export type ContextScheme = "stratuslab" | "cloud-init";

export interface ContextDiskInput {
  scheme: ContextScheme;
  publicKey?: string;
  /** Extra context (stratuslab: NAME -> value lines of context.sh, SCRIPT_EXEC among them). */
  vars?: Record<string, string>;
  /** cloud-init's user-data: a #cloud-config or a #! script. */
  userData?: string;
  hostname?: string;
  instanceId?: string;
}

export const CONTEXT_LABEL: Readonly<Record<ContextScheme, string>> = { stratuslab: "_STRATUSLAB", "cloud-init": "cidata" };

/** The files of the disk, by name (throws ContextError naming the bad field). */
export function contextDiskFiles(input: ContextDiskInput): Map<string, { content: string; mode: number }> {
  if (input.scheme === "stratuslab") {
    const vars = { ...input.vars, ...(input.publicKey ? { PUBLIC_KEY: input.publicKey } : {}) };
    return new Map([
      ["context.sh", { content: contextShell(vars), mode: 0o644 }],
      ["init.sh", { content: STRATUSLAB_INIT_SH, mode: 0o755 }],
      ["prolog.sh", { content: STRATUSLAB_PROLOG_SH, mode: 0o755 }],
      ["epilog.sh", { content: STRATUSLAB_EPILOG_SH, mode: 0o755 }],
    ]);
  }
  const seed = {
    instanceId: input.instanceId ?? `iid-${randomUUID()}`,
    hostname: input.hostname,
    authorizedKeys: input.publicKey ? [input.publicKey] : [],
  };
  return new Map([
    ["user-data", { content: cloudInitUserDataFrom(seed, input.userData), mode: 0o644 }],
    ["meta-data", { content: cloudInitMetaData(seed), mode: 0o644 }],
  ]);
}

/** The ISO's bytes. */
export async function makeContextDisk(input: ContextDiskInput): Promise<Buffer> {
  const files = contextDiskFiles(input);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "context-disk-"));
  try {
    const content = path.join(dir, "content");
    await fs.mkdir(content);
    for (const [name, file] of files) {
      await fs.writeFile(path.join(content, name), file.content, { mode: file.mode });
    }
    const iso = path.join(dir, "disk.iso");
    await runTool(
      "xorriso",
      ["-as", "mkisofs", "-quiet", "-output", iso, "-volid", CONTEXT_LABEL[input.scheme], "-joliet", "-rock", content],
      {
        timeoutMs: 60_000,
      },
    );
    return await fs.readFile(iso);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
