import { describe, expect, it } from "vitest";
import { inspectMetadata } from "@/lib/metadata/inspect";
import { buildSkeleton } from "@/lib/metadata/image/skeleton";
import { buildRecordExtension, recipeSha256, type BuildRecord } from "./build-record";
import { parseRecipe } from "./recipe";

const CHECKSUMS = { bytes: 1024n, sha1: "a".repeat(40), sha256: "b".repeat(64), identifier: "" };

const RECORD: BuildRecord = {
  base: { kind: "bootstrap", ref: "debian:bookworm", sha256: "c".repeat(64) },
  packages: [{ name: "hello", version: "2.10-3" }],
  scripts: [{ name: "configure.sh", sha256: "d".repeat(64), args: ["a <b> & c", '"quoted"'] }],
  context: ["stratuslab"],
  bootable: false,
  driver: { name: "chroot", version: "unshare from util-linux 2.38.1" },
  tools: [{ name: "mke2fs", version: "mke2fs 1.47.0" }],
  recipeSha256: "e".repeat(64),
};

describe("the build record in the skeletal metadata", () => {
  it("is part of a document the engine accepts, every value escaped", async () => {
    const { sha1ToIdentifier } = await import("@/lib/metadata/identifier");
    const xml = buildSkeleton({
      checksums: { ...CHECKSUMS, identifier: sha1ToIdentifier(CHECKSUMS.sha1) },
      extension: buildRecordExtension(RECORD),
    });
    const inspection = await inspectMetadata(xml, { requireSignature: false });
    expect(inspection.problems).toEqual([]);
    expect(xml).toContain('xmlns:build="urn:appliance-marketplace:build#"');
    expect(xml).toContain(`<build:args>["a &lt;b&gt; &amp; c","\\"quoted\\""]</build:args>`);
    expect(xml).toMatch(
      /<build:package rdf:parseType="Resource">\s*<build:name>hello<\/build:name>\s*<build:version>2\.10-3<\/build:version>/,
    );
  });

  it("hashes a recipe by its content, whatever the order of its keys", () => {
    const a = parseRecipe({ base: { bootstrap: "debian:bookworm" }, metadata: { title: "T", os: "Debian" } });
    const b = parseRecipe({ metadata: { os: "Debian", title: "T" }, base: { bootstrap: "debian:bookworm" } });
    const c = parseRecipe({ base: { bootstrap: "debian:bookworm" }, metadata: { title: "U", os: "Debian" } });
    if (!a.ok || !b.ok || !c.ok) throw new Error("recipes should parse");
    expect(recipeSha256(a.recipe)).toBe(recipeSha256(b.recipe));
    expect(recipeSha256(a.recipe)).not.toBe(recipeSha256(c.recipe));
  });
});
