/** `marketplace deprecate-metadata`: a newer signed entry marking the image deprecated (reference section 6.5). */
import type { Command } from "commander";
import { DEFAULT_DEPRECATION_REASON, prepareDeprecation } from "@/lib/metadata/deprecate";
import type { SigningProfileName } from "@/lib/metadata/signature/algorithms";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { UsageError } from "../cli-error";
import { loadCredentials, type CredentialOptions } from "../credentials";
import { fetchEntryXml } from "../marketplace-client";
import { resolveEndpoint } from "../settings";
import { uploadFile } from "./upload-metadata";
import { resolveToken } from "../api-token";
import { addCredentialOptions, endpointOption, profileOption, tokenOption } from "./shared-options";

interface Options extends CredentialOptions {
  marketplaceEndpoint?: string;
  token?: string;
  email?: string;
  created?: string;
  reason: string;
  profile: SigningProfileName;
}

export function registerDeprecateMetadata(program: Command): void {
  const command = program
    .command("deprecate-metadata")
    .description("Create a new metadata entry for the given image that deprecates the image.")
    .argument("<image-id>", "identifier of the image")
    .option("--email <address>", "the endorser whose entry is deprecated (required)")
    .option("--created <date>", "the entry to deprecate (yyyy-MM-ddTHH:mm:ssZ); default: the latest")
    .option("--reason <text>", "why the image is deprecated", DEFAULT_DEPRECATION_REASON);
  addCredentialOptions(tokenOption(endpointOption(command)));
  profileOption(command).action(async (identifier: string, options: Options) => {
    if (!options.email) throw new UsageError("--email is required: the endorser whose entry is deprecated");
    const endpoint = resolveEndpoint(options.marketplaceEndpoint);
    const token = resolveToken(options.token, endpoint.url);
    const current = await fetchEntryXml(endpoint, identifier, options.email, options.created);
    const credentials = await loadCredentials(options);
    const signed = signMetadata(prepareDeprecation(current, options.reason), credentials, {
      profile: options.profile,
      email: options.email,
    });
    process.stdout.write(`${await uploadFile(endpoint, signed, token)}\n`);
  });
}
