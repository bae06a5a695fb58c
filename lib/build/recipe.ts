/**
 * The recipe of an image build (issue 10; reference sections 6.1 and 6.6): the one schema the build
 * API, the CLI, the wizard and the worker share. A recipe says what to start from (a Marketplace
 * entry, a Debian bootstrap, or an uploaded disk), what to add (packages, repositories, scripts, the
 * contextualization agents), what to remove, what to write out, and the skeletal metadata's fields.
 *
 * Everything in it is attacker-controlled and ends up in argv arrays and files inside a chroot, so
 * each value is held to a grammar here, before anything runs: package names to Debian's, repository
 * lines to apt's (http and https only), paths to absolute ones without "..", sizes to fixed bounds.
 * Unknown keys are refused, never ignored: a misspelt key would otherwise build something else.
 */
import { z } from "zod";
import { IDENTIFIER_PATTERN } from "@/lib/metadata/identifier";
import { DEFAULT_VALIDITY_SECONDS } from "@/lib/metadata/image/skeleton";

/** What the original's `--exclude` removed by default (section 6.6). */
export const DEFAULT_EXCLUDE = ["/tmp/*", "/etc/ssh/ssh_host_*", "/root/.ssh/authorized_keys", "/root/.ssh/known_hosts"] as const;

export const BOOTSTRAP_SUITES = ["debian:bookworm"] as const;
export const CONTEXT_AGENTS = ["stratuslab", "cloud-init"] as const;
export const OUTPUT_FORMATS = ["raw", "qcow2", "qcow2-zstd", "tar.zst"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** The file name extension of each format's image (artifact names are `image-<12 hex>.<extension>`). */
export const FORMAT_EXTENSION: Readonly<Record<OutputFormat, string>> = {
  raw: "img",
  qcow2: "qcow2",
  "qcow2-zstd": "zstd.qcow2",
  "tar.zst": "tar.zst",
};

export const MAX_PACKAGES = 200;
export const MAX_REPOSITORIES = 20;
export const MAX_SCRIPTS = 20;
export const MAX_SCRIPT_BYTES = 256 * 1024;
export const MAX_SCRIPT_ARGS = 64;
export const MAX_SCRIPT_SECONDS = 3600;
export const DEFAULT_SCRIPT_SECONDS = 600;
export const MAX_EXCLUDE = 100;
/** The skeletal metadata's own default validity (half a year), in whole days. */
export const DEFAULT_VALID_DAYS = Math.floor(DEFAULT_VALIDITY_SECONDS / 86_400);

/** Debian policy 5.6.1: lowercase letters, digits, "+", "-" and "."; two characters or more; an alphanumeric first. */
const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;
const SCRIPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UPLOAD_ID = /^[A-Za-z0-9_-]{8,64}$/;
const TAG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const IMAGE_VERSION = /^[A-Za-z0-9][A-Za-z0-9.+~_-]{0,49}$/;
const ARCH = /^[A-Za-z0-9_]{1,20}$/;
const HYPERVISOR = /^[a-z0-9][a-z0-9-]{0,19}$/;
/** No control characters other than tab, newline and carriage return (a NUL would cut an argv element short). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `at most ${max} characters`)
    .refine((value) => !/[\r\n]/.test(value) && !CONTROL.test(value), "one line of printable text");

const base = z
  .union([
    z.strictObject({
      identifier: z.string().regex(IDENTIFIER_PATTERN, "an image identifier is 27 characters of A-Z, a-z, 0-9, - and _"),
      email: z.email("an endorser's email address").max(320).optional(),
    }),
    z.strictObject({ bootstrap: z.enum(BOOTSTRAP_SUITES, { error: `one of ${BOOTSTRAP_SUITES.join(", ")}` }) }),
    z.strictObject({ upload: z.string().regex(UPLOAD_ID, "the id of an uploaded disk (8 to 64 of A-Z, a-z, 0-9, - and _)") }),
  ])
  .describe("base");

const repository = z
  .string()
  .max(4096, "at most 4096 characters")
  .superRefine((text, ctx) => {
    const problem = repositoryProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const script = z.strictObject({
  name: z.string().regex(SCRIPT_NAME, "1 to 64 of A-Z, a-z, 0-9, ., - and _, starting with a letter or digit"),
  content: z
    .string()
    .min(1, "must not be empty")
    .refine((text) => utf8Bytes(text) <= MAX_SCRIPT_BYTES, `at most ${MAX_SCRIPT_BYTES / 1024} KiB`)
    .refine((text) => !text.includes("\u0000"), "must not contain NUL characters"),
  args: z
    .array(
      z
        .string()
        .max(4096, "at most 4096 characters")
        .refine((arg) => !arg.includes("\u0000"), "must not contain NUL characters"),
    )
    .max(MAX_SCRIPT_ARGS, `at most ${MAX_SCRIPT_ARGS} arguments`)
    .default([]),
  timeoutSeconds: z
    .number()
    .int("a whole number of seconds")
    .min(1, "at least 1 second")
    .max(MAX_SCRIPT_SECONDS, `at most ${MAX_SCRIPT_SECONDS} seconds`)
    .default(DEFAULT_SCRIPT_SECONDS),
});

const excludePath = z
  .string()
  .max(4096, "at most 4096 characters")
  .refine((path) => path.startsWith("/") && path.length > 1, "an absolute path inside the image, such as /var/cache/*")
  .refine((path) => !path.split("/").includes(".."), 'must not contain ".."')
  .refine((path) => !CONTROL.test(path) && !/[\r\n]/.test(path), "one line of printable text");

const metadata = z.strictObject({
  title: line(200),
  /** dcterms:creator, the image's author ("Name <email>"): the original's --author and --author-email. */
  creator: line(200).optional(),
  description: z.string().trim().max(4000, "at most 4000 characters").optional(),
  os: line(100).optional(),
  osVersion: line(50).optional(),
  arch: z.string().regex(ARCH, "an architecture such as x86_64").default("x86_64"),
  version: z.string().regex(IMAGE_VERSION, "a version such as 1.0 or 2.3.1-2").optional(),
  validDays: z.number().int("a whole number of days").min(1, "at least 1 day").max(3650, "at most 3650 days").default(DEFAULT_VALID_DAYS),
  tags: z
    .array(z.string().regex(TAG, "1 to 64 of A-Z, a-z, 0-9, ., - and _"))
    .max(10, "at most 10 tags")
    .default([])
    .refine(unique, "each tag once"),
  hypervisor: z.string().regex(HYPERVISOR, "a hypervisor such as kvm").default("kvm"),
});

export const recipeSchema = z.strictObject({
  base,
  packages: z
    .array(
      z
        .string()
        .regex(DEBIAN_PACKAGE, "a Debian package name: lowercase letters, digits, +, - and ., at least 2, starting with a letter or digit"),
    )
    .max(MAX_PACKAGES, `at most ${MAX_PACKAGES} packages`)
    .default([])
    .refine(unique, "each package once"),
  repositories: z.array(repository).max(MAX_REPOSITORIES, `at most ${MAX_REPOSITORIES} repositories`).default([]),
  scripts: z
    .array(script)
    .max(MAX_SCRIPTS, `at most ${MAX_SCRIPTS} scripts`)
    .default([])
    .refine((scripts) => unique(scripts.map((s) => s.name)), "each script name once"),
  context: z
    .array(z.enum(CONTEXT_AGENTS, { error: `one of ${CONTEXT_AGENTS.join(", ")}` }))
    .default([...CONTEXT_AGENTS])
    .refine(unique, "each agent once"),
  bootable: z.boolean().default(false),
  /** Boot the image once under QEMU with each chosen context disk (only for bootable images); default: when bootable. */
  bootTest: z.boolean().optional(),
  formats: z
    .array(z.enum(OUTPUT_FORMATS, { error: `one of ${OUTPUT_FORMATS.join(", ")}` }))
    .min(1, "at least one format")
    .default(["qcow2"])
    .refine(unique, "each format once"),
  exclude: z
    .array(excludePath)
    .max(MAX_EXCLUDE, `at most ${MAX_EXCLUDE} paths`)
    .default([...DEFAULT_EXCLUDE]),
  metadata,
});

/** A recipe as the worker runs it: every default filled in. */
export type Recipe = z.output<typeof recipeSchema>;
/** A recipe as a client writes it: only `base` and `metadata.title` are required. */
export type RecipeInput = z.input<typeof recipeSchema>;

export interface RecipeProblem {
  /** Where, as a path a person reads: `packages[3]`, `scripts[0].timeoutSeconds`, `base`. */
  field: string;
  message: string;
}

export type RecipeParse = { ok: true; recipe: Recipe } | { ok: false; problems: RecipeProblem[] };

/** Checks a recipe, naming every field that is wrong (the API answers them with 422). */
export function parseRecipe(input: unknown): RecipeParse {
  const parsed = recipeSchema.safeParse(input);
  if (parsed.success) return { ok: true, recipe: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => problemOf(issue, input)) };
}

function problemOf(issue: z.core.$ZodIssue, input: unknown): RecipeProblem {
  const field = fieldPath(issue.path);
  const missing = valueAt(input, issue.path) === undefined;
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.join(", ");
    return { field: field || "recipe", message: `unknown ${issue.keys.length === 1 ? "key" : "keys"}: ${keys}` };
  }
  if (issue.code === "invalid_union" && field === "base") {
    if (missing) return { field, message: "is required" };
    // The option the recipe clearly meant (its key is there): that option's own complaint, with its field.
    const meant = issue.errors.find(
      (errors) => errors.length > 0 && errors.every((e) => e.code !== "unrecognized_keys" && e.path.length > 0),
    );
    const first = meant?.[0];
    if (first) return { field: `base.${fieldPath(first.path)}`, message: first.message };
    return {
      field,
      message: 'one of {"identifier", "email"?} (a Marketplace entry), {"bootstrap": "debian:bookworm"} or {"upload": "<id>"}',
    };
  }
  if (issue.code === "invalid_type") {
    return { field: field || "recipe", message: missing ? "is required" : `must be ${article(issue.expected)}` };
  }
  return { field: field || "recipe", message: issue.message };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function article(expected: string): string {
  return expected === "array" || expected === "object" ? `an ${expected}` : `a ${expected}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    "",
  );
}

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/**
 * Why an apt source is refused, or undefined: a one-line `deb` entry (`deb [arch=amd64 signed-by=/path]
 * https://host/debian bookworm main`) or a deb822 stanza (`Types:`, `URIs:`, `Suites:`, optional
 * `Components:`, `Architectures:`, `Signed-By:`). Only http and https sources, and no option that turns
 * off apt's signature checks (`trusted`, `allow-insecure`...).
 */
export function repositoryProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return "must not contain control characters";
  const trimmed = text.trim();
  if (trimmed === "") return "must not be empty";
  return /^deb(-src)?\s/.test(trimmed) && !trimmed.includes("\n") ? oneLineProblem(trimmed) : deb822Problem(trimmed);
}

const ONE_LINE = /^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)((?:\s+\S+)*)$/;
const OPTION_NAMES = new Set(["arch", "signed-by"]);
const SUITE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const COMPONENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function oneLineProblem(text: string): string | undefined {
  const match = ONE_LINE.exec(text);
  if (!match) return 'a source line reads "deb [options] <http(s) URL> <suite> [components...]"';
  const [, , options = "", uri = "", suite = "", components = ""] = match;
  for (const option of options.split(/\s+/).filter(Boolean)) {
    const name = option.split("=")[0]!.toLowerCase();
    if (!OPTION_NAMES.has(name) || !option.includes("=")) return `option "${option}" is not allowed (only arch= and signed-by=)`;
    if (name === "signed-by" && !option.slice("signed-by=".length).startsWith("/")) return "signed-by= takes an absolute path to a keyring";
  }
  return uriProblem(uri) ?? suiteProblem(suite, components.trim().split(/\s+/).filter(Boolean));
}

const DEB822_FIELDS = new Map([
  ["types", "Types"],
  ["uris", "URIs"],
  ["suites", "Suites"],
  ["components", "Components"],
  ["architectures", "Architectures"],
  ["signed-by", "Signed-By"],
]);

function deb822Problem(text: string): string | undefined {
  const fields = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === "") return "one stanza only: no empty lines";
    if (raw.startsWith("#")) continue;
    const match = /^([A-Za-z][A-Za-z-]*):\s*(.*)$/.exec(raw);
    if (!match) return `"${raw.slice(0, 60)}" is neither a "deb ..." line nor a "Field: value" line of a deb822 stanza`;
    const name = match[1]!.toLowerCase();
    if (!DEB822_FIELDS.has(name)) return `field "${match[1]}" is not allowed (only ${[...DEB822_FIELDS.values()].join(", ")})`;
    if (fields.has(name)) return `field "${DEB822_FIELDS.get(name)}" appears twice`;
    fields.set(name, match[2]!.trim());
  }
  for (const required of ["types", "uris", "suites"]) {
    if (!fields.get(required)) return `a deb822 stanza needs ${DEB822_FIELDS.get(required)}:`;
  }
  const types = fields.get("types")!.split(/\s+/);
  if (types.some((type) => type !== "deb" && type !== "deb-src")) return "Types: takes deb and deb-src";
  for (const uri of fields.get("uris")!.split(/\s+/)) {
    const problem = uriProblem(uri);
    if (problem) return problem;
  }
  const signedBy = fields.get("signed-by");
  if (signedBy !== undefined && !signedBy.startsWith("/")) return "Signed-By: takes an absolute path to a keyring";
  const components = (fields.get("components") ?? "").split(/\s+/).filter(Boolean);
  for (const suite of fields.get("suites")!.split(/\s+/)) {
    const problem = suiteProblem(suite, components);
    if (problem) return problem;
  }
  return undefined;
}

function uriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri.slice(0, 100)}" is not a URL`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `only http and https sources, not ${url.protocol.replace(":", "")}`;
  if (url.username || url.password) return "a source URL must not carry a user name or password";
  return undefined;
}

function suiteProblem(suite: string, components: string[]): string | undefined {
  if (!SUITE.test(suite) || suite.split("/").includes("..")) return `"${suite.slice(0, 60)}" is not a suite name such as bookworm`;
  const bad = components.find((component) => !COMPONENT.test(component));
  return bad ? `"${bad.slice(0, 60)}" is not a component name such as main` : undefined;
}
