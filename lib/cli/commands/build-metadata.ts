/** `marketplace build-metadata`: skeletal metadata for an image (reference section 6.1). */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { computeImageChecksums, type DigestName } from "@/lib/metadata/image/checksums";
import { guessCompression, type Compression } from "@/lib/metadata/image/decompress";
import { buildSkeleton, skeletonFileName } from "@/lib/metadata/image/skeleton";
import { checkLocation } from "@/lib/metadata/location";
import { UsageError } from "../cli-error";
import { userPath } from "../user-paths";
import { createProgress } from "../progress";

interface Options {
  author?: string;
  type: string;
  kind: string;
  os?: string;
  osVersion?: string;
  osArch?: string;
  imageVersion?: string;
  format: string;
  hypervisor: string;
  location: string[];
  compression?: string;
  title?: string;
  tag?: string;
  comment?: string;
  disksBus: string;
  md5?: string | boolean;
  sha1?: string;
  sha256?: string | boolean;
  sha512?: string | boolean;
  validityDays?: string;
  output?: string;
}

const HEX = /^[0-9a-fA-F]+$/;
const COMPRESSIONS = ["gz", "bz2", "xz", ""];

export function registerBuildMetadata(program: Command, globals: () => { quiet: boolean }): void {
  program
    .command("build-metadata")
    .description("Construct a new metadata description of a machine or disk image.")
    .argument("<image>", "image file (gz, bz2 and xz files are decompressed on the fly)")
    .option("--author <name>", "image creator (dcterms:creator)")
    .option("--type <name>", "image type: base, grid, ...", "base")
    .option("--kind <name>", "machine or disk", "machine")
    .option("--os <name>", "operating system")
    .option("--os-version <version>", "operating system version")
    .option("--os-arch <arch>", "operating system architecture")
    .option("--image-version <version>", "version of the image (slterms:version)")
    .option("--format <format>", "image format: raw, qcow2, ...", "raw")
    .option("--hypervisor <name>", "hypervisor", "kvm")
    .option("--location <uri>", "where the image can be downloaded: an http://, https:// or pdisk: URI (repeatable)", collect, [])
    .option("--compression <ext>", "gz, bz2 or xz; default: guessed from the file name")
    .option("--title <text>", "title of the image")
    .option("--tag <tag>", "tag (dcterms:alternative) used by /tag lookups")
    .option("--comment <text>", "description of the image")
    .option("--disks-bus <bus>", "ide, scsi or virtio", "ide")
    .option("--md5 <hex>", "precomputed MD5 (not recomputed)")
    .option("--sha1 <hex>", "expected SHA-1 (checked against the image)")
    .option("--sha256 <hex>", "precomputed SHA-256 (not recomputed)")
    .option("--sha512 <hex>", "precomputed SHA-512 (not recomputed)")
    .option("--no-md5", "do not compute the MD5 checksum")
    .option("--no-sha256", "do not compute the SHA-256 checksum")
    .option("--no-sha512", "do not compute the SHA-512 checksum")
    .option("--validity-days <days>", "validity of the endorsement in days (default: half a year)")
    .option("-o, --output <file>", "output file (default: <os>-<os-version>-<os-arch>-<type>-<version>.xml next to the image)")
    .action(async (image: string, options: Options) => {
      await buildMetadata(userPath(image), options, globals().quiet);
    });
}

async function buildMetadata(image: string, options: Options, quiet: boolean): Promise<void> {
  if (!fs.existsSync(image) || !fs.statSync(image).isFile()) throw new UsageError(`image file not found: ${image}`);
  // Before the checksums, which take minutes on a large image: the Marketplace would refuse the entry.
  for (const location of options.location) {
    const refused = checkLocation(location, "--location");
    if (refused) throw new UsageError(refused);
  }
  if (!["ide", "scsi", "virtio"].includes(options.disksBus))
    throw new UsageError(`--disks-bus must be ide, scsi or virtio, not ${options.disksBus}`);
  const compression = (options.compression ?? guessCompression(image)) as Compression;
  if (!COMPRESSIONS.includes(compression)) throw new UsageError(`--compression must be gz, bz2 or xz, not ${compression}`);
  const given = {
    md5: hexOption(options.md5, "md5"),
    sha256: hexOption(options.sha256, "sha256"),
    sha512: hexOption(options.sha512, "sha512"),
  };
  const digests: DigestName[] = ["sha1"];
  // Computed unless given (--md5 HEX) or refused (--no-md5).
  for (const name of ["md5", "sha256", "sha512"] as const)
    if (options[name] !== false && typeof options[name] !== "string") digests.push(name);
  const validityDays = options.validityDays === undefined ? undefined : Number(options.validityDays);
  if (validityDays !== undefined && !(validityDays > 0)) throw new UsageError("--validity-days must be a positive number");

  const progress = createProgress("Checksums", !quiet);
  const checksums = await computeImageChecksums(image, {
    compression,
    digests,
    onProgress: (p) => progress.update(p.bytesRead, p.totalBytes),
  }).finally(() => progress.stop());
  const expectedSha1 = hexOption(options.sha1, "sha1");
  if (expectedSha1 && expectedSha1.toLowerCase() !== checksums.sha1) {
    throw new UsageError(`the SHA-1 of ${image} is ${checksums.sha1}, not ${expectedSha1}`);
  }
  const created = new Date();
  const fields = {
    checksums: { ...checksums, ...definedOnly(given) },
    type: options.type,
    kind: options.kind,
    os: options.os,
    osVersion: options.osVersion,
    osArch: options.osArch,
    version: options.imageVersion,
    compression,
    locations: options.location,
    format: options.format,
    creator: options.author,
    created,
    ...(validityDays ? { valid: new Date(created.getTime() + validityDays * 86_400_000) } : {}),
    title: options.title,
    tag: options.tag,
    description: options.comment,
    hypervisor: options.hypervisor,
    disksBus: options.disksBus,
  };
  // Next to the image (the original wrote to the current directory, which put drafts in the clone).
  const output = options.output === undefined ? path.join(path.dirname(image), skeletonFileName(fields)) : userPath(options.output);
  fs.writeFileSync(output, buildSkeleton(fields));
  process.stdout.write(`${output}\n`);
  if (options.location.length === 0) process.stderr.write(`${noLocationMessage(output)}\n`);
  if (!quiet) process.stderr.write(`identifier ${checksums.identifier}, ${checksums.bytes} bytes\n`);
}

/** The original said only "set it manually"; this names the element, the placeholder and the option. */
export function noLocationMessage(output: string): string {
  return [
    `warning: no --location given, so ${output} does not say where to download the image.`,
    `  Replace the "PLACEHOLDER slterms:location" comment in it with <slterms:location>https://…/your-image.img</slterms:location>`,
    `  (http://, https:// or pdisk:), or build again with --location URL, before signing.`,
    `  Without a location the entry is accepted, but nobody can download the image and it is not listed under the "web" location filter.`,
  ].join("\n");
}

function hexOption(value: string | boolean | undefined, name: string): string | undefined {
  if (typeof value !== "string") return undefined;
  if (!HEX.test(value)) throw new UsageError(`--${name} must be a hexadecimal digest`);
  return value.toLowerCase();
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
