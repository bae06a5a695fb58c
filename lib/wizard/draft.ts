/**
 * A wizard draft (issue 11): what a user has entered so far in /create, saved on the server after
 * every step so a refresh, another device or a closed tab loses nothing. The one schema the wizard's
 * pages and the drafts API share. A draft is work in progress: each part may be incomplete (the
 * recipe is checked in full only when the build starts, the metadata when it is previewed), but every
 * value is bounded and shaped here, and unknown keys are refused, as everywhere at our boundaries.
 */
import { z } from "zod";
import { IDENTIFIER_PATTERN } from "@/lib/metadata/identifier";

/** "I have an image" (the seed's stratus-build-metadata path) or "build me an image" (stratus-create-image). */
export const DRAFT_FLOWS = ["image", "build"] as const;
export type DraftFlow = (typeof DRAFT_FLOWS)[number];

/** The steps of each flow, in order: each has its own URL, /create/{draft id}/{step}. */
export const DRAFT_STEPS: Readonly<Record<DraftFlow, readonly string[]>> = {
  image: ["image", "location", "metadata", "sign"],
  build: ["base", "software", "build", "metadata", "sign"],
};

/** A user keeps at most this many drafts (the oldest must go before another starts). */
export const MAX_DRAFTS = 50;
/** The JSON of one draft's data: room for 20 scripts of 256 KiB, escaped, and the rest. */
export const MAX_DRAFT_BYTES = 8 * 1024 * 1024;

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), `must be ${length} lowercase hex digits`);

/** What hashing the image gave (in the browser, or pasted from `marketplace build-metadata`). */
export const imageHashesSchema = z.strictObject({
  bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  md5: hex(32),
  sha1: hex(40),
  sha256: hex(64),
  sha512: hex(128),
  identifier: z.string().regex(IDENTIFIER_PATTERN, "must be the 27-character identifier"),
  compression: z.enum(["gzip", "xz", "bzip2"]).nullable(),
});
export type ImageHashes = z.infer<typeof imageHashesSchema>;

const shortText = z.string().max(4096);

export const draftDataSchema = z.strictObject({
  image: z
    .strictObject({
      fileName: z.string().max(255).optional(),
      hashes: imageHashesSchema.optional(),
      location: z.string().max(2048).optional(),
    })
    .optional(),
  /** The build's recipe as the form holds it so far (parseRecipe checks it in full when the build starts). */
  recipe: z.record(z.string().max(64), z.unknown()).optional(),
  /** The build started from this draft. */
  buildId: z
    .string()
    .regex(/^b_[A-Za-z0-9_-]{16}$/, "must be a build id")
    .optional(),
  /** The metadata step's fields, as typed (the engine checks them when the XML is made). */
  metadata: z.record(z.string().max(64), z.union([shortText, z.array(shortText).max(100)])).optional(),
});
export type DraftData = z.infer<typeof draftDataSchema>;

export const draftWriteSchema = z.strictObject({
  step: z.string().max(32),
  data: draftDataSchema,
  /** The revision this change was made on: a draft changed meanwhile (another tab, another device) is a 409. */
  revision: z.number().int().min(0),
});
export type DraftWrite = z.infer<typeof draftWriteSchema>;

/** The step's name if the flow has it; the first step otherwise. */
export function stepOf(flow: DraftFlow, step: string | undefined): string {
  const steps = DRAFT_STEPS[flow];
  return step && steps.includes(step) ? step : steps[0]!;
}

/**
 * POST /api/v1/drafts/{id}/signature, the first half of signing in the browser: the public
 * certificate (PEM) and the profile; never a key.
 */
export const signatureRequestSchema = z.strictObject({
  certificate: z
    .string()
    .min(1)
    .max(64 * 1024),
  profile: z.enum(["modern", "legacy"]).default("modern"),
});

/** POST /api/v1/drafts/{id}/build: starts the draft's build. */
export const draftBuildRequestSchema = z.strictObject({
  /** The revision the page holds: a draft changed meanwhile is a 409, and no build starts. */
  revision: z.number().int().min(0),
});
