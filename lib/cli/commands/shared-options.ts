/** Options several commands share, declared once so their names and help stay identical. */
import { Command, Option } from "commander";
import { DEFAULT_TRUST_POLICY, TRUST_POLICIES } from "@/lib/metadata/pki/trust-policy";
import { DEFAULT_ENDPOINT } from "../settings";

export function addCredentialOptions(command: Command): Command {
  return command
    .option(
      "--p12-cert <file>",
      "PKCS#12 file with your key and certificate (default: $STRATUSLAB_P12_CERTIFICATE or ~/.globus/usercert.p12)",
    )
    .option("--p12-password <password>", "password of the PKCS#12 file (default: $STRATUSLAB_P12_PASSWORD, else prompted)")
    .option("--key <file>", "PEM private key (instead of --p12-cert)")
    .option("--cert <file>", "PEM certificate matching --key")
    .option("--key-password <password>", "passphrase of an encrypted --key (default: $STRATUSLAB_KEY_PASSWORD)");
}

export function profileOption(command: Command): Command {
  return command.addOption(
    new Option("--profile <profile>", "signature profile: modern (RSA-SHA256) or legacy (RSA-SHA1, for the original server)")
      .choices(["modern", "legacy"])
      .default("modern"),
  );
}

export function endpointOption(command: Command): Command {
  return command.option(
    "--marketplace-endpoint <url>",
    `Marketplace URL (default: $STRATUSLAB_MARKETPLACE_ENDPOINT, marketplace_endpoint in the config file, $PUBLIC_URL, http://localhost:$PORT, else ${DEFAULT_ENDPOINT})`,
  );
}

export function trustOptions(command: Command): Command {
  return command
    .option("--ca-dir <dir>", "directory of trusted CA certificates in PEM (default: $STRATUSLAB_CA_DIR)")
    .option("--crl-dir <dir>", "directory of CRLs (default: $STRATUSLAB_CRL_DIR)")
    .addOption(
      new Option("--trust-policy <policy>", "which certificates are acceptable").choices(TRUST_POLICIES).default(DEFAULT_TRUST_POLICY),
    );
}

export function tokenOption(command: Command): Command {
  return command.option(
    "--token <token>",
    "API token to authenticate with (default: $MARKETPLACE_TOKEN, else the one `marketplace login` stored for the endpoint)",
  );
}
