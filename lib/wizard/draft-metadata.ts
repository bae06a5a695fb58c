/**
 * The wizard's metadata step (issue 11): the fields of the format as the form holds them, checked
 * with a message per field, and the unsigned document they make with the image's hashes and its
 * location (the same skeleton `marketplace build-metadata` writes). Pure: the browser runs it on every
 * change for the live preview, and the server runs it again, then the engine's own content checks.
 */
import { z } from "zod";
import { buildSkeleton } from "@/lib/metadata/image/skeleton";
import type { DraftData, ImageHashes } from "./draft";

export interface FieldProblem {
  field: string;
  message: string;
}

/** Validity presets of the step, in months; "custom" takes a date. */
export const VALIDITY_PRESETS = [3, 6, 12] as const;

const TAG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const optionalText = (max: number) => z.string().trim().max(max, `at most ${max} characters`).optional();

export const wizardMetadataSchema = z.strictObject({
  title: z.string("give the image a title").trim().min(1, "give the image a title").max(200, "at most 200 characters"),
  description: optionalText(4000),
  os: optionalText(64),
  osVersion: optionalText(64),
  arch: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{1,20}$/, "letters, digits and _ only, e.g. x86_64")
    .optional()
    .or(z.literal("")),
  kind: z.enum(["machine", "disk"], "machine (a whole appliance) or disk (a data disk)").optional(),
  format: z
    .string()
    .trim()
    .regex(/^[a-z0-9.-]{1,20}$/, "a disk format such as raw, qcow2 or vmdk")
    .optional(),
  hypervisor: optionalText(64),
  version: optionalText(50),
  /** yyyy-mm-dd: the last day the entry is valid. */
  valid: z.string("choose how long the entry is valid").regex(/^\d{4}-\d{2}-\d{2}$/, "a date as yyyy-mm-dd"),
  tag: z
    .string()
    .trim()
    .regex(TAG, "letters, digits, dots, dashes and underscores, starting with a letter or digit")
    .optional()
    .or(z.literal("")),
  creator: optionalText(200),
});
export type WizardMetadata = z.infer<typeof wizardMetadataSchema>;

/** The problems of the step's fields, each named as the form names it; none means the document can be made. */
export function metadataProblems(fields: Record<string, unknown> | undefined, now: Date): FieldProblem[] {
  const parsed = wizardMetadataSchema.safeParse(fields ?? {});
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        field: issue.code === "unrecognized_keys" ? "metadata" : String(issue.path[0] ?? "metadata"),
        message: issue.code === "unrecognized_keys" ? `unknown fields: ${issue.keys.join(", ")}` : issue.message,
      }));
  if (parsed.success) {
    const until = validUntil(parsed.data.valid);
    if (!until) problems.push({ field: "valid", message: "is not a date of the calendar" });
    else if (until.getTime() <= now.getTime())
      problems.push({ field: "valid", message: "must be in the future: the entry would be expired at once" });
  }
  return problems;
}

/** The end of the given day, UTC (an entry is valid through its last day). */
function validUntil(day: string): Date | undefined {
  const date = new Date(`${day}T23:59:59Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? undefined : date;
}

/** The date `months` from `now`, as the validity field holds it. */
export function validityPreset(now: Date, months: number): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, now.getUTCDate()));
  return date.toISOString().slice(0, 10);
}

const COMPRESSION = { gzip: "gz", xz: "xz", bzip2: "bz2" } as const;

export function locationProblem(location: string | undefined): string | undefined {
  if (!location?.trim()) return "give the URL the image is downloaded from (the format requires one)";
  let url: URL;
  try {
    url = new URL(location.trim());
  } catch {
    return "is not a URL: it starts with https:// or http://";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return `only https and http locations are served to clouds, not ${url.protocol}`;
  if (url.username || url.password) return "a URL with a user name or password would publish them";
  return undefined;
}

/**
 * The unsigned document of an "I have an image" draft, or what stops it: the hashes, the location and
 * every field must be there and right.
 */
export function draftDocument(data: DraftData, now: Date): { xml: string } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const hashes: ImageHashes | undefined = data.image?.hashes;
  if (!hashes) problems.push({ field: "image", message: "hash the image first (or paste its checksums)" });
  const location = locationProblem(data.image?.location);
  if (location) problems.push({ field: "location", message: location });
  problems.push(...metadataProblems(data.metadata, now));
  if (problems.length > 0 || !hashes) return { problems };
  const fields = wizardMetadataSchema.parse(data.metadata);
  const blank = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  return {
    xml: buildSkeleton({
      checksums: {
        bytes: BigInt(hashes.bytes),
        md5: hashes.md5,
        sha1: hashes.sha1,
        sha256: hashes.sha256,
        sha512: hashes.sha512,
        identifier: hashes.identifier,
      },
      ...(hashes.compression ? { compression: COMPRESSION[hashes.compression] } : {}),
      locations: [data.image!.location!.trim()],
      title: fields.title,
      description: blank(fields.description),
      os: blank(fields.os),
      osVersion: blank(fields.osVersion),
      osArch: blank(fields.arch),
      kind: fields.kind,
      format: blank(fields.format),
      hypervisor: blank(fields.hypervisor),
      version: blank(fields.version),
      tag: blank(fields.tag),
      creator: blank(fields.creator),
      created: now,
      valid: validUntil(fields.valid)!,
    }),
  };
}
