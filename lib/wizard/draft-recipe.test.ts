import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { afterBuild, draftRecipe, draftRecipeProblems, entryArtifact, problemsByField, type BuiltArtifact } from "./draft-recipe";

const base = { bootstrap: "debian:bookworm" };
const digest = (algorithm: string) => createHash(algorithm).update("built").digest("hex");
const artifact = (format: string, name = `image-0123456789ab.${format}`): BuiltArtifact => ({
  name,
  format,
  bytes: 5,
  md5: digest("md5"),
  sha1: digest("sha1"),
  sha256: digest("sha256"),
  sha512: digest("sha512"),
  url: `https://marketplace.example.org/api/v1/builds/b_0123456789abcdef/artifacts/${name}`,
});

describe("a build draft's recipe", () => {
  it("is checked step by step with the build API's messages, the title not yet asked for", () => {
    expect(draftRecipeProblems({ base })).toEqual([]);
    expect(draftRecipeProblems({ base, metadata: { os: "Debian" } })).toEqual([]);
    expect(problemsByField(draftRecipeProblems({ base, packages: ["-o", "ok", "ok"] }))).toMatchObject({
      "packages[0]": expect.stringContaining("a Debian package name"),
      packages: "each package once",
    });
    expect(problemsByField(draftRecipeProblems({ base: { bootstrap: "debian:sid" } }))).toHaveProperty("base.bootstrap");
    expect(problemsByField(draftRecipeProblems({ base, scripts: [{ name: "a.sh", content: "x".repeat(256 * 1024 + 1) }] }))).toEqual({
      "scripts[0].content": "at most 256 KiB",
    });
    expect(problemsByField(draftRecipeProblems({ base, formats: [] }))).toEqual({ formats: "at least one format" });
    expect(problemsByField(draftRecipeProblems({}))).toEqual({ base: "is required" });
  });

  it("must have its title when the build starts", () => {
    expect(draftRecipe({ base })).toEqual({ problems: [{ field: "metadata", message: "is required" }] });
    const made = draftRecipe({ base, metadata: { title: "Hello" } });
    expect("recipe" in made && made.recipe.formats).toEqual(["qcow2"]);
  });
});

describe("what a finished build gives the metadata step", () => {
  it("describes the first disk image, not the tree archive", () => {
    expect(entryArtifact([artifact("tar.zst"), artifact("qcow2")])?.format).toBe("qcow2");
    expect(entryArtifact([artifact("tar.zst")])?.format).toBe("tar.zst");
    expect(entryArtifact([])).toBeUndefined();
  });

  it("takes the image's checksums and URL, and the recipe's fields, without overwriting what was typed", () => {
    const qcow2 = artifact("qcow2");
    const data = afterBuild({ buildId: "b_0123456789abcdef", metadata: { version: "2.0" } }, qcow2, {
      metadata: { title: "Hello", os: "Debian", osVersion: "12", version: "1.0", tags: ["web"] },
    });
    expect(data.buildId).toBe("b_0123456789abcdef");
    expect(data.image).toEqual({
      fileName: qcow2.name,
      location: qcow2.url,
      hashes: {
        bytes: 5,
        md5: qcow2.md5,
        sha1: qcow2.sha1,
        sha256: qcow2.sha256,
        sha512: qcow2.sha512,
        identifier: sha1ToIdentifier(qcow2.sha1),
        compression: null,
      },
    });
    expect(data.metadata).toEqual({
      title: "Hello",
      os: "Debian",
      osVersion: "12",
      version: "2.0",
      arch: "x86_64",
      hypervisor: "kvm",
      format: "qcow2",
      kind: "machine",
      tag: "web",
    });
  });
});
