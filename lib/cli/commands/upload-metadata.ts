/** `marketplace upload-metadata`: POST a signed entry (reference section 6.4). */
import fs from "node:fs";
import type { Command } from "commander";
import { entryUrl } from "@/lib/entries/entry-urls";
import { AppError } from "@/lib/errors";
import { MetadataInspector } from "@/lib/metadata/inspector";
import { entryKey, type MetadataEntry } from "@/lib/metadata/model";
import type { Problem } from "@/lib/metadata/problems";
import { UsageError } from "../cli-error";
import { uploadMetadata } from "../marketplace-client";
import { resolveEndpoint, type Endpoint } from "../settings";
import { userPath } from "../user-paths";
import { resolveToken, type ApiToken } from "../api-token";
import { endpointOption, tokenOption } from "./shared-options";

export function registerUploadMetadata(program: Command): void {
  tokenOption(
    endpointOption(
      program
        .command("upload-metadata")
        .description("Upload a signed metadata file to the Marketplace (as your account when you are logged in).")
        .argument("<metadata-file>", "signed metadata file"),
    ),
  ).action(async (given: string, options: { marketplaceEndpoint?: string; token?: string }) => {
    const file = userPath(given);
    if (!fs.existsSync(file)) throw new UsageError(`metadata file not found: ${file}`);
    const endpoint = resolveEndpoint(options.marketplaceEndpoint);
    const url = await uploadFile(endpoint, fs.readFileSync(file), resolveToken(options.token, endpoint.url));
    process.stdout.write(`${url}\n`);
  });
}

/** Checks the file locally first (the server would refuse it anyway), uploads, returns the entry URL. */
export async function uploadFile(endpoint: Endpoint, xml: Uint8Array | string, token?: ApiToken): Promise<string> {
  const { entry, warnings } = await checkLocally(xml);
  const result = await uploadMetadata(endpoint, xml, token);
  // Accepted anyway, as by the server; worth knowing before someone tries to use the entry.
  for (const w of warnings) process.stderr.write(`warning: ${w.message}\n`);
  const key = entryKey(entry);
  const url = key ? entryUrl(endpoint.url, key) : (result.location ?? endpoint.url);
  if (result.status === 202) process.stderr.write(`${result.message}: confirm the upload from the email sent to ${key?.email}\n`);
  return url;
}

async function checkLocally(xml: Uint8Array | string): Promise<{ entry: MetadataEntry; warnings: Problem[] }> {
  const inspector = new MetadataInspector({ threads: 1 });
  try {
    const inspection = await inspector.inspect(xml);
    if (!inspection.valid || !inspection.entry) {
      throw new AppError("invalid_metadata", `not uploaded, the file is invalid: ${inspection.problems[0]?.message ?? "unknown problem"}`, {
        problems: inspection.problems,
      });
    }
    return { entry: inspection.entry, warnings: inspection.warnings };
  } finally {
    await inspector.close();
  }
}
