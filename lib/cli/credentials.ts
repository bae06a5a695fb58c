/**
 * The signer's key and certificate for sign-metadata and deprecate-metadata: PKCS#12 (the original's
 * only way; --p12-cert, STRATUSLAB_P12_CERTIFICATE or ~/.globus/usercert.p12, password from
 * --p12-password, STRATUSLAB_P12_PASSWORD or a prompt) or a PEM key and certificate (--key, --cert).
 */
import fs from "node:fs";
import { read } from "read";
import { certificateHelpText } from "@/lib/metadata/pki/certificate-help";
import { loadPem, loadPkcs12, type SigningCredentials } from "@/lib/metadata/pki/credentials";
import { UsageError } from "./cli-error";
import { defaultP12, setting } from "./settings";
import { userPath } from "./user-paths";

export interface CredentialOptions {
  p12Cert?: string;
  p12Password?: string;
  key?: string;
  cert?: string;
  keyPassword?: string;
}

export async function loadCredentials(options: CredentialOptions): Promise<SigningCredentials> {
  if (options.key || options.cert) {
    if (!options.key || !options.cert) throw new UsageError("--key and --cert must be given together");
    const passphrase = options.keyPassword ?? setting("key_password");
    return loadPem(readText(options.key, "key"), readText(options.cert, "certificate"), passphrase);
  }
  const file = options.p12Cert === undefined ? defaultP12() : userPath(options.p12Cert);
  if (!fs.existsSync(file)) throw new UsageError(`certificate file not found: ${file}\n\n${certificateHelpText()}`);
  const password = options.p12Password ?? setting("p12_password") ?? (await prompt(`PKCS12 (P12) cert '${file}' password: `));
  return loadPkcs12(fs.readFileSync(file), password);
}

function readText(given: string, what: string): string {
  const file = userPath(given);
  if (!fs.existsSync(file)) throw new UsageError(`${what} file not found: ${file}`);
  return fs.readFileSync(file, "utf8");
}

async function prompt(text: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError("no PKCS#12 password: use --p12-password or STRATUSLAB_P12_PASSWORD");
  return read({ prompt: text, silent: true, replace: "", output: process.stderr });
}
