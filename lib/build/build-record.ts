/**
 * How an image was made, as its skeletal metadata states it (issue 10): the base (identifier or
 * bootstrap suite, and the SHA-256 of what was read), the packages with the versions dpkg-query
 * resolved, each script's SHA-256 and arguments, the context agents, the driver and the tools with
 * their versions, and the SHA-256 of the whole recipe. Written as properties of its own vocabulary
 * inside the entry's rdf:Description, so once the entry is signed the signature covers them too.
 */
import { createHash } from "node:crypto";
import { escapeXmlText } from "@/lib/metadata/image/skeleton";
import type { Recipe } from "./recipe";

/** The build vocabulary's namespace; `build:` in the documents the Marketplace writes. */
export const BUILD_NS = "urn:appliance-marketplace:build#";
export const BUILD_PREFIX = "build";

export interface BuildRecord {
  base: { kind: "entry" | "bootstrap" | "upload"; ref: string; sha256: string };
  packages: { name: string; version: string }[];
  scripts: { name: string; sha256: string; args: string[] }[];
  context: string[];
  bootable: boolean;
  driver: { name: string; version: string };
  tools: { name: string; version: string }[];
  recipeSha256: string;
}

/** SHA-256 of the recipe's canonical JSON (keys sorted): the same recipe, the same hash. */
export function recipeSha256(recipe: Recipe): string {
  return createHash("sha256").update(canonicalJson(recipe)).digest("hex");
}

export function sha256Text(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The record as RDF/XML property lines for buildSkeleton's `extension`. */
export function buildRecordExtension(record: BuildRecord): { prefix: string; namespace: string; lines: string[] } {
  const p = BUILD_PREFIX;
  const text = (name: string, value: string, indent = 12) =>
    `${" ".repeat(indent)}<${p}:${name}>${escapeXmlText(`${p}:${name}`, value)}</${p}:${name}>`;
  const resource = (name: string, inner: string[]) => [
    `            <${p}:${name} rdf:parseType="Resource">`,
    ...inner,
    `            </${p}:${name}>`,
  ];
  const lines = [
    `        <${p}:recipe rdf:parseType="Resource">`,
    text("recipe-sha256", record.recipeSha256),
    ...resource("base", [text("kind", record.base.kind, 16), text("ref", record.base.ref, 16), text("sha256", record.base.sha256, 16)]),
    ...record.packages.flatMap((pkg) => resource("package", [text("name", pkg.name, 16), text("version", pkg.version, 16)])),
    ...record.scripts.flatMap((script) =>
      resource("script", [text("name", script.name, 16), text("sha256", script.sha256, 16), text("args", JSON.stringify(script.args), 16)]),
    ),
    ...record.context.map((agent) => text("context", agent)),
    text("bootable", String(record.bootable)),
    ...resource("driver", [text("name", record.driver.name, 16), text("version", record.driver.version, 16)]),
    ...record.tools.flatMap((tool) => resource("tool", [text("name", tool.name, 16), text("version", tool.version, 16)])),
    `        </${p}:recipe>`,
  ];
  return { prefix: p, namespace: BUILD_NS, lines };
}
