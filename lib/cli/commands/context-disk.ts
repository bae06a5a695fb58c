/**
 * `marketplace context-disk`: a contextualization disk written locally (reference section 7): the
 * `_STRATUSLAB` ISO (context.sh with PUBLIC_KEY and KEY=value pairs, SCRIPT_EXEC among them; init.sh,
 * prolog.sh, epilog.sh) or cloud-init's `cidata` seed (user-data, meta-data), made by the Marketplace
 * (POST /api/v1/context-disks), which checks every value.
 */
import fs from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { UsageError } from "../cli-error";
import { resolveToken } from "../api-token";
import { contextDisk } from "../build-client";
import { resolveEndpoint } from "../settings";
import { userPath } from "../user-paths";
import { endpointOption, tokenOption } from "./shared-options";

interface ContextDiskOptions {
  marketplaceEndpoint?: string;
  token?: string;
  scheme: "stratuslab" | "cloud-init";
  key?: string;
  var: Record<string, string>;
  userData?: string;
  hostname?: string;
  output: string;
}

function collectVar(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError("KEY=value, e.g. SCRIPT_EXEC='echo hello'");
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** An OpenSSH public key file, comment lines dropped as the original client did; the first key line. */
function publicKeyOf(file: string): string {
  const full = userPath(file);
  if (!fs.existsSync(full)) throw new UsageError(`public key file not found: ${full}`);
  const line = fs
    .readFileSync(full, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith("#") && !/^comment:/i.test(l));
  if (!line) throw new UsageError(`no public key in ${full}`);
  return line;
}

export function registerContextDisk(program: Command): void {
  tokenOption(
    endpointOption(
      program
        .command("context-disk")
        .description("Write a contextualization disk: the StratusLab _STRATUSLAB ISO or a cloud-init cidata seed.")
        .addOption(new Option("--scheme <scheme>", "which disk").choices(["stratuslab", "cloud-init"]).default("stratuslab"))
        .option("-k, --key <file>", "OpenSSH public key to authorize for root (e.g. ~/.ssh/id_ed25519.pub)")
        .option("--var <KEY=value>", "a context variable (stratuslab; repeatable), e.g. SCRIPT_EXEC='echo hi'", collectVar, {})
        .option("--user-data <file>", "cloud-init user-data: a #cloud-config or a #! script")
        .option("--hostname <name>", "the machine's host name (cloud-init)")
        .requiredOption("-o, --output <file>", "the ISO file to write"),
    ),
  ).action(async (options: ContextDiskOptions) => {
    const endpoint = resolveEndpoint(options.marketplaceEndpoint);
    const token = resolveToken(options.token, endpoint.url);
    if (!token) throw new UsageError(`log in first: marketplace login --marketplace-endpoint ${endpoint.url} (or pass --token)`);
    if (options.scheme === "cloud-init" && Object.keys(options.var).length > 0) throw new UsageError("--var is for --scheme stratuslab");
    const userData = options.userData ? fs.readFileSync(userPath(options.userData), "utf8") : undefined;
    const iso = await contextDisk(endpoint, token, {
      scheme: options.scheme,
      ...(options.key ? { publicKey: publicKeyOf(options.key) } : {}),
      ...(options.scheme === "stratuslab" && Object.keys(options.var).length ? { vars: options.var } : {}),
      ...(userData !== undefined ? { userData } : {}),
      ...(options.hostname ? { hostname: options.hostname } : {}),
    });
    const file = userPath(options.output);
    fs.writeFileSync(file, iso);
    process.stdout.write(`${file}\n`);
  });
}
