/**
 * `marketplace create-certificate`: a self-signed signing certificate for newcomers, written where
 * sign-metadata looks by default (~/.globus/usercert.p12, or $STRATUSLAB_P12_CERTIFICATE). RSA 3072
 * only: the XML signer signs with RSA (lib/metadata/signature/algorithms.ts), so an EC key could not
 * sign metadata.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { CERTIFICATE_HELP } from "@/lib/metadata/pki/certificate-help";
import { createSelfSignedPkcs12, SELF_SIGNED_KEY_BITS } from "@/lib/metadata/pki/self-signed-pkcs12";
import { UsageError } from "../cli-error";
import { ask, canPrompt, readStdinSecret } from "../prompt";
import { defaultP12 } from "../settings";
import { userPath } from "../user-paths";

export interface CreateCertificateOptions {
  email?: string;
  name?: string;
  out?: string;
  key: "rsa" | "ec";
  days: number;
  force?: boolean;
  passwordStdin?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_CERTIFICATE_DAYS = 825;

function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > MAX_CERTIFICATE_DAYS) {
    throw new InvalidArgumentError(`a whole number of days from 1 to ${MAX_CERTIFICATE_DAYS}`);
  }
  return days;
}

export function registerCreateCertificate(program: Command): void {
  program
    .command("create-certificate")
    .description("Create a self-signed certificate to sign metadata with (a password-protected PKCS#12 file).")
    .option("--email <address>", "your email: the endorser email of the entries you sign (required)")
    .option("--name <name>", "your name, shown as the endorser (required)")
    .option("--out <file>", "where to write it (default: $STRATUSLAB_P12_CERTIFICATE or ~/.globus/usercert.p12, which sign-metadata reads)")
    .addOption(
      new Option("--key <type>", "key type: rsa (RSA 3072); ec is refused, the signer signs with RSA only")
        .choices(["rsa", "ec"])
        .default("rsa"),
    )
    .option("--days <days>", "validity in days", parseDays, 365)
    .option("--force", "overwrite an existing file")
    .option("--password-stdin", "read the file's password from stdin instead of prompting twice")
    .action(async (options: CreateCertificateOptions) => {
      if (!options.email) throw new UsageError("--email is required: the endorser email of the entries you will sign");
      if (!EMAIL.test(options.email)) throw new UsageError(`--email is not an email address: ${options.email}`);
      if (!options.name?.trim()) throw new UsageError("--name is required: your name, as the endorser of your entries");
      if (options.key === "ec") {
        throw new UsageError(
          "--key ec: the metadata signer signs with RSA only (RSA-SHA256, or RSA-SHA1 for the original server); use --key rsa (the default)",
        );
      }
      const file = options.out === undefined ? defaultP12() : userPath(options.out);
      if (fs.existsSync(file) && !options.force) {
        throw new UsageError(`${file} exists already: keep it (entries you signed with it name its key), or pass --force to replace it`);
      }
      const password = await newPassword(options.passwordStdin ?? false);
      const { p12, certificate } = await createSelfSignedPkcs12({
        name: options.name.trim(),
        email: options.email,
        days: options.days,
        password,
      });
      const dir = path.dirname(file);
      if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Replaced, not rewritten in place: the old file's mode (perhaps readable by others) is not kept.
      if (options.force) fs.rmSync(file, { force: true });
      fs.writeFileSync(file, p12, { mode: 0o600, flag: "wx" });
      fs.chmodSync(file, 0o600);
      process.stdout.write(
        [
          `Certificate written to ${file} (mode 0600)`,
          `  subject:     ${certificate.subject}`,
          `  email:       ${certificate.emails.join(", ")}`,
          `  key:         RSA ${SELF_SIGNED_KEY_BITS}`,
          `  valid until: ${certificate.notAfter.toISOString().replace(/\.\d+Z$/, "Z")}`,
          `  SHA-256:     ${certificate.fingerprintSha256}`,
          "",
          `Sign with: marketplace sign-metadata${options.out === undefined ? "" : ` --p12-cert ${file}`} <metadata-file>`,
          CERTIFICATE_HELP.selfSigned.note,
          "",
        ].join("\n"),
      );
    });
}

async function newPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdinSecret("password");
  if (!canPrompt()) throw new UsageError("no terminal to ask for the file's password: use --password-stdin");
  const first = await ask("Password for the new PKCS#12 file: ", true);
  if (first === "") throw new UsageError("the password must not be empty: it protects your private key");
  const second = await ask("The same password again: ", true);
  if (first !== second) throw new UsageError("the two passwords differ: nothing was written");
  return first;
}
