/**
 * The "build me an image" flow's recipe as a draft holds it (issue 11): checked step by step with the
 * build API's own schema (lib/build/recipe.ts), so the wizard, the drafts API and POST /api/v1/builds
 * give the same message for the same value. Pure: the browser runs it on every change, the server
 * again on every save and when the build starts. Also what a finished build hands to the metadata step.
 */
import { parseRecipe, type Recipe, type RecipeProblem } from "@/lib/build/recipe";
// The Buffer-free identifier: this runs in the browser too.
import { sha1HexToIdentifier } from "@/lib/browser-hash/identifier";
import type { DraftData, ImageHashes } from "./draft";

/** Stands for the title until the build step asks for it, so earlier steps are checked on their own fields. */
const TITLE_TO_COME = "title given at the build step";

/** Every problem of the recipe so far; a draft before its build step has no title yet and is not blamed for it. */
export function draftRecipeProblems(recipe: Record<string, unknown> | undefined): RecipeProblem[] {
  const parsed = parseRecipe(withTitle(recipe ?? {}));
  return parsed.ok ? [] : parsed.problems;
}

/** The recipe the build runs, or its problems: now the title must be there. */
export function draftRecipe(recipe: Record<string, unknown> | undefined): { recipe: Recipe } | { problems: RecipeProblem[] } {
  const parsed = parseRecipe(recipe ?? {});
  return parsed.ok ? { recipe: parsed.recipe } : { problems: parsed.problems };
}

function withTitle(recipe: Record<string, unknown>): Record<string, unknown> {
  const metadata = recipe.metadata;
  if (metadata === undefined) return { ...recipe, metadata: { title: TITLE_TO_COME } };
  if (typeof metadata === "object" && metadata !== null && !Array.isArray(metadata) && !("title" in metadata)) {
    return { ...recipe, metadata: { ...metadata, title: TITLE_TO_COME } };
  }
  return recipe;
}

/** Problems keyed by field (`packages[2]`, `scripts[0].content`, `base`), the first of each. */
export function problemsByField(problems: readonly RecipeProblem[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const problem of problems) byField[problem.field] ??= problem.message;
  return byField;
}

export interface BuiltArtifact {
  name: string;
  format: string;
  bytes: number;
  md5: string;
  sha1: string;
  sha256: string;
  sha512: string;
  url: string;
}

/** The artifact the entry describes: the first format of the recipe's list that a clone boots as a disk (tar.zst is a tree, not a disk). */
export function entryArtifact(artifacts: readonly BuiltArtifact[]): BuiltArtifact | undefined {
  return artifacts.find((artifact) => artifact.format !== "tar.zst") ?? artifacts[0];
}

/** The metadata step's disk format for a build's output format. */
const DISK_FORMAT: Readonly<Record<string, string>> = { raw: "raw", qcow2: "qcow2", "qcow2-zstd": "qcow2", "tar.zst": "tar" };

/**
 * What a succeeded build gives the rest of the flow: the image (its checksums and its URL here, the
 * entry's location) and the description's fields filled in from the recipe. Fields already typed win.
 */
export function afterBuild(data: DraftData, artifact: BuiltArtifact, recipe: Record<string, unknown>): DraftData {
  const image: ImageHashes = {
    bytes: artifact.bytes,
    md5: artifact.md5,
    sha1: artifact.sha1,
    sha256: artifact.sha256,
    sha512: artifact.sha512,
    identifier: sha1HexToIdentifier(artifact.sha1),
    compression: null,
  };
  const wanted = (recipe.metadata ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof wanted[key] === "string" && wanted[key] ? { [key]: wanted[key] as string } : {});
  const tags = Array.isArray(wanted.tags) ? wanted.tags.filter((tag): tag is string => typeof tag === "string") : [];
  const filled: Record<string, string> = {
    ...text("title"),
    ...text("description"),
    ...text("os"),
    ...text("osVersion"),
    ...text("version"),
    ...text("creator"),
    arch: typeof wanted.arch === "string" ? wanted.arch : "x86_64",
    hypervisor: typeof wanted.hypervisor === "string" ? wanted.hypervisor : "kvm",
    format: DISK_FORMAT[artifact.format] ?? artifact.format,
    kind: "machine",
    ...(tags[0] ? { tag: tags[0] } : {}),
  };
  return {
    ...data,
    image: { fileName: artifact.name, hashes: image, location: artifact.url },
    metadata: { ...filled, ...data.metadata },
  };
}
