/**
 * `marketplace create-image BASE-ID` (reference section 6.6, `stratus-create-image`): the options of
 * the original that still mean something become a recipe for the Marketplace's build API; the build's
 * stages are printed as the original's `::` banners with a progress bar, and at the end the image and
 * its skeletal metadata are downloaded, ready for `marketplace sign-metadata`.
 */
import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import { Command, Option } from "commander";
import { CONTEXT_AGENTS, DEFAULT_EXCLUDE, OUTPUT_FORMATS } from "@/lib/build/recipe";
import { AppError } from "@/lib/errors";
import { resolveToken, type ApiToken } from "../api-token";
import { download, followBuild, startBuild, uploadDisk, type BuildState } from "../build-client";
import { UsageError } from "../cli-error";
import { resolveEndpoint, type Endpoint } from "../settings";
import { userPath } from "../user-paths";
import { endpointOption, tokenOption } from "./shared-options";

export interface CreateImageOptions {
  marketplaceEndpoint?: string;
  token?: string;
  bootstrap?: string;
  fromFile?: string;
  baseEmail?: string;
  packages?: string;
  scripts?: string;
  extraOsRepos?: string[];
  title: string;
  comment?: string;
  author?: string;
  authorEmail?: string;
  imageVersion?: string;
  os?: string;
  osVersion?: string;
  exclude?: string;
  context: string;
  bootable?: boolean;
  format: string;
  outputDir: string;
  download: boolean;
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** `-s "configure.sh arg1 arg2,other.sh"`: each local script with the arguments after its name, as the original. */
export function scriptsOf(value: string | undefined): { name: string; content: string; args: string[] }[] {
  return list(value).map((item) => {
    const [file = "", ...args] = item.split(/\s+/);
    const full = userPath(file);
    if (!fs.existsSync(full)) throw new UsageError(`script not found: ${full}`);
    return { name: path.basename(full), content: fs.readFileSync(full, "utf8"), args };
  });
}

/** The recipe the options describe (the server checks it again and names any bad field). */
export function recipeOf(baseId: string | undefined, options: CreateImageOptions, uploadId?: string): Record<string, unknown> {
  const bases = [baseId, options.bootstrap, options.fromFile].filter(Boolean).length;
  if (bases !== 1) throw new UsageError("give exactly one base: an image identifier, --bootstrap debian:bookworm, or --from-file disk.vdi");
  const base = options.bootstrap
    ? { bootstrap: options.bootstrap }
    : uploadId
      ? { upload: uploadId }
      : { identifier: baseId, ...(options.baseEmail ? { email: options.baseEmail } : {}) };
  const creator = [options.author, options.authorEmail ? `<${options.authorEmail}>` : undefined].filter(Boolean).join(" ");
  return {
    base,
    packages: list(options.packages),
    repositories: options.extraOsRepos ?? [],
    scripts: scriptsOf(options.scripts),
    context: list(options.context),
    bootable: Boolean(options.bootable),
    formats: list(options.format),
    ...(options.exclude !== undefined ? { exclude: list(options.exclude) } : {}),
    metadata: {
      title: options.title,
      ...(options.comment ? { description: options.comment } : {}),
      ...(options.os ? { os: options.os } : {}),
      ...(options.osVersion ? { osVersion: options.osVersion } : {}),
      ...(options.imageVersion ? { version: options.imageVersion } : {}),
      ...(creator ? { creator } : {}),
    },
  };
}

export function registerCreateImage(program: Command): void {
  tokenOption(
    endpointOption(
      program
        .command("create-image")
        .description(
          "Build a new image on the Marketplace from a base (an entry, a Debian bootstrap, or a local disk) with packages and scripts, then download it and its skeletal metadata.",
        )
        .argument("[base-id]", "identifier of the Marketplace entry to start from")
        .option("--bootstrap <suite>", "start from scratch: debian:bookworm")
        .option("--from-file <disk>", "start from a local disk image: VDI, VMDK, OVA, qcow2 or raw (uploaded first)")
        .option("--base-email <email>", "the endorser whose entry of base-id to use (default: any valid one)")
        .option("-a, --packages <list>", "Debian packages to install, comma-separated")
        .option("-s, --scripts <list>", 'configuration scripts, comma-separated; arguments after a space: "setup.sh one two,more.sh"')
        .option("--extra-os-repos <line...>", "apt sources to add: deb lines or deb822 stanzas")
        .requiredOption("--title <title>", "the new image's title")
        .option("--comment <text>", "the new image's description")
        .option("--author <name>", "the new image's author (dcterms:creator)")
        .option("--author-email <email>", "the author's email (in dcterms:creator)")
        .option("--image-version <version>", "the new image's version, e.g. 1.1")
        .option("--os <name>", "the operating system, e.g. Debian")
        .option("--os-version <version>", "its version, e.g. 12")
        .option("--exclude <list>", `files to remove from the image, comma-separated (default: ${DEFAULT_EXCLUDE.join(",")})`)
        .addOption(
          new Option("--context <list>", `contextualization agents to install: ${CONTEXT_AGENTS.join(", ")}`).default(
            CONTEXT_AGENTS.join(","),
          ),
        )
        .option("--bootable", "a whole-disk image with a boot loader (BIOS and UEFI)")
        .addOption(new Option("--format <list>", `output formats, comma-separated: ${OUTPUT_FORMATS.join(", ")}`).default("qcow2"))
        .option("-o, --output-dir <dir>", "where to download the image and its metadata", ".")
        .option("--no-download", "leave the image on the Marketplace; print its URLs"),
    ),
  ).action(async (baseId: string | undefined, options: CreateImageOptions) => {
    const endpoint = resolveEndpoint(options.marketplaceEndpoint);
    const token = resolveToken(options.token, endpoint.url);
    if (!token) throw new UsageError(`log in first: marketplace login --marketplace-endpoint ${endpoint.url} (or pass --token)`);
    let uploadId: string | undefined;
    if (options.fromFile) {
      const file = userPath(options.fromFile);
      if (!fs.existsSync(file)) throw new UsageError(`disk not found: ${file}`);
      banner(`Uploading ${path.basename(file)}`);
      uploadId = (await uploadDisk(endpoint, token, file)).id;
    }
    const recipe = recipeOf(baseId, options, uploadId);
    banner("Starting the build");
    const { id, url } = await startBuild(endpoint, token, recipe);
    process.stderr.write(`build ${id}: ${url}\n`);
    const state = await follow(endpoint, token, id);
    if (state.status !== "succeeded")
      throw new AppError("unprocessable", `the build ${state.status}${state.error ? `: ${state.error}` : ""}`);
    for (const artifact of state.artifacts) {
      process.stdout.write(`${artifact.url}\n  ${artifact.format}, ${artifact.bytes} bytes, SHA-1 ${artifact.sha1}\n`);
    }
    if (!options.download) {
      if (state.metadata) process.stdout.write(`${state.metadata}\n`);
      return;
    }
    const dir = userPath(options.outputDir);
    fs.mkdirSync(dir, { recursive: true });
    for (const artifact of state.artifacts) {
      banner(`Downloading ${artifact.name}`);
      await download(endpoint, token, artifact.url, path.join(dir, artifact.name));
    }
    if (state.metadata) {
      const file = path.join(dir, `${id}.xml`);
      await download(endpoint, token, state.metadata, file);
      process.stdout.write(`${file}\n`);
      process.stderr.write(`Sign it with: marketplace sign-metadata ${file}\n`);
    }
  });
}

function banner(text: string): void {
  process.stderr.write(`:: ${text}\n`);
}

/** Prints each stage as a `::` banner, a bar on a terminal, and the log with -v-like detail only on failure. */
async function follow(endpoint: Endpoint, token: ApiToken, id: string): Promise<BuildState> {
  const tty = Boolean(process.stderr.isTTY);
  const bar = tty
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: "   [{bar}] {percentage}% {stage}", hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let stage = "";
  const recent: string[] = [];
  bar?.start(100, 0, { stage: "" });
  const state = await followBuild(endpoint, token, id, (event) => {
    if (event.event === "stage") {
      const [name = "", percent = "0"] = event.data.split(" ");
      if (name !== stage) {
        stage = name;
        if (bar) bar.update(Number(percent), { stage: name });
        else banner(name);
      } else bar?.update(Number(percent), { stage: name });
    } else if (event.event === "log") {
      recent.push(event.data);
      if (recent.length > 40) recent.shift();
    }
  });
  bar?.update(state.status === "succeeded" ? 100 : state.percent, { stage: state.status });
  bar?.stop();
  if (state.status === "failed") process.stderr.write(`the end of the build's log:\n${recent.map((line) => `  ${line}`).join("\n")}\n`);
  return state;
}
