/**
 * `marketplace validate-metadata`: `Valid: <file>` on stdout or `Invalid: <file>` and the problems on
 * stderr, exit code = number of invalid files (reference section 6.3). The checks are the server's,
 * run in worker threads with the same time budget.
 */
import fs from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { MetadataInspector } from "@/lib/metadata/inspector";
import { describeTrustLabel, type TrustPolicy } from "@/lib/metadata/pki/trust-policy";
import { setting } from "../settings";
import { userPath } from "../user-paths";
import { trustOptions } from "./shared-options";
import { displayName } from "@/lib/metadata/pki/display-name";

interface Options {
  allowUnsigned?: boolean;
  caDir?: string;
  crlDir?: string;
  trustPolicy: TrustPolicy;
}

export function registerValidateMetadata(program: Command, globals: () => { verbose: number; quiet: boolean }): void {
  const command = program
    .command("validate-metadata")
    .description("Check metadata files: signature, schema, constraints and RDF, as the Marketplace does on upload.")
    .argument("<files...>", "metadata files")
    .option("--allow-unsigned", "check drafts: do not require a signature");
  trustOptions(command).action(async (files: string[], options: Options) => {
    process.exitCode = await validateFiles(files, options, globals());
  });
}

async function validateFiles(files: string[], options: Options, globals: { verbose: number; quiet: boolean }): Promise<number> {
  const [caDir, crlDir] = [options.caDir ?? setting("ca_dir"), options.crlDir ?? setting("crl_dir")].map((dir) =>
    dir === undefined ? undefined : userPath(dir),
  );
  const inspector = new MetadataInspector({
    threads: Math.min(files.length, os.availableParallelism()),
    trust: { caDir, crlDir },
    trustPolicy: options.trustPolicy,
  });
  let invalid = 0;
  try {
    const results = files.map(async (file) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(userPath(file));
      } catch (error) {
        return { file, lines: [`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
      }
      const inspection = await inspector.inspect(bytes, { requireSignature: !options.allowUnsigned });
      if (!inspection.valid) return { file, lines: inspection.problems.map((p) => p.message) };
      const details = globals.quiet ? [] : inspection.warnings.map((w) => `  warning: ${w.message}`);
      if (inspection.signature && inspection.trust && globals.verbose > 0) {
        details.push(
          `  signed by ${displayName(inspection.signature.certificate.subject)} (${describeTrustLabel(inspection.trust.label)}; ${inspection.signature.description})`,
        );
      }
      return { file, details };
    });
    // Print in the order given, as each result arrives in order.
    for (const pending of results) {
      const result = await pending;
      if ("lines" in result && result.lines) {
        invalid += 1;
        process.stderr.write(`Invalid: ${result.file}\n${result.lines.join("\n")}\n`);
      } else if (!globals.quiet && "details" in result) {
        process.stdout.write(`Valid: ${result.file}\n${(result.details ?? []).map((d) => `${d}\n`).join("")}`);
      }
    }
  } finally {
    await inspector.close();
  }
  return invalid;
}
