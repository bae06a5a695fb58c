/** `marketplace sign-metadata`: fill the endorsement and sign (reference section 6.2). */
import fs from "node:fs";
import type { Command } from "commander";
import { signMetadata } from "@/lib/metadata/signature/sign";
import type { SigningProfileName } from "@/lib/metadata/signature/algorithms";
import { UsageError } from "../cli-error";
import { loadCredentials, type CredentialOptions } from "../credentials";
import { userPath } from "../user-paths";
import { addCredentialOptions, profileOption } from "./shared-options";

interface Options extends CredentialOptions {
  output?: string;
  email?: string;
  profile: SigningProfileName;
}

export function registerSignMetadata(program: Command): void {
  const command = program
    .command("sign-metadata")
    .description("Sign a metadata file with your certificate (the endorsement is regenerated with the current time).")
    .argument("<metadata-file>", "metadata file to sign")
    .option(
      "-o, --output <file>",
      "write the signed file here (default: overwrite the input, keeping the original next to it as <file>.orig)",
    )
    .option("--email <address>", "email address if not in certificate");
  addCredentialOptions(command);
  profileOption(command).action(async (given: string, options: Options) => {
    const file = userPath(given);
    if (!fs.existsSync(file)) throw new UsageError(`metadata file not found: ${file}`);
    const credentials = await loadCredentials(options);
    const signed = signMetadata(fs.readFileSync(file), credentials, { profile: options.profile, email: options.email });
    const output = options.output === undefined ? file : userPath(options.output);
    if (!options.output) fs.renameSync(file, `${file}.orig`);
    fs.writeFileSync(output, signed);
    process.stdout.write(`Metadata file successfully signed: ${output}\n`);
  });
}
