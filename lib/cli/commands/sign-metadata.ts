/** `marketplace sign-metadata`: fill the endorsement and sign (reference section 6.2). */
import fs from "node:fs";
import type { Command } from "commander";
import { signMetadata } from "@/lib/metadata/signature/sign";
import type { SigningProfileName } from "@/lib/metadata/signature/algorithms";
import { UsageError } from "../cli-error";
import { loadCredentials, type CredentialOptions } from "../credentials";
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
    .option("-o, --output <file>", "write the signed file here (default: overwrite the input, keeping it as <file>.orig)")
    .option("--email <address>", "email address if not in certificate");
  addCredentialOptions(command);
  profileOption(command).action(async (file: string, options: Options) => {
    if (!fs.existsSync(file)) throw new UsageError(`metadata file not found: ${file}`);
    const credentials = await loadCredentials(options);
    const signed = signMetadata(fs.readFileSync(file), credentials, { profile: options.profile, email: options.email });
    const output = options.output ?? file;
    if (!options.output) fs.renameSync(file, `${file}.orig`);
    fs.writeFileSync(output, signed);
    process.stdout.write(`Metadata file successfully signed: ${output}\n`);
  });
}
