import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseRecipe } from "@/lib/build/recipe";
import { recipeOf, type CreateImageOptions } from "./commands/create-image";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "create-image-"));
fs.writeFileSync(path.join(dir, "setup.sh"), "echo $1\n");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const base: CreateImageOptions = { title: "T", context: "stratuslab,cloud-init", format: "qcow2", outputDir: ".", download: true };

describe("create-image's recipe", () => {
  it("turns the original's options into a recipe the schema accepts", () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const recipe = recipeOf("ABCDEFGHIJKLMNOPQRSTUVWXYZa", {
        ...base,
        baseEmail: "jane@example.org",
        packages: "nginx, curl",
        scripts: "setup.sh --port 8080",
        extraOsRepos: ["deb http://deb.example/debian bookworm main"],
        comment: "A web server",
        author: "Jane",
        authorEmail: "jane@example.org",
        imageVersion: "1.1",
        format: "qcow2,tar.zst",
        exclude: "/tmp/*,/var/cache/*",
      });
      expect(recipe).toMatchObject({
        base: { identifier: "ABCDEFGHIJKLMNOPQRSTUVWXYZa", email: "jane@example.org" },
        packages: ["nginx", "curl"],
        scripts: [{ name: "setup.sh", content: "echo $1\n", args: ["--port", "8080"] }],
        formats: ["qcow2", "tar.zst"],
        exclude: ["/tmp/*", "/var/cache/*"],
        metadata: { title: "T", description: "A web server", version: "1.1", creator: "Jane <jane@example.org>" },
      });
      expect(parseRecipe(recipe).ok).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it("wants exactly one base", () => {
    expect(() => recipeOf(undefined, base)).toThrow(/exactly one base/);
    expect(() => recipeOf("X", { ...base, bootstrap: "debian:bookworm" })).toThrow(/exactly one base/);
    expect(recipeOf(undefined, { ...base, bootstrap: "debian:bookworm" }).base).toEqual({ bootstrap: "debian:bookworm" });
    expect(recipeOf(undefined, { ...base, fromFile: "disk.vdi" }, "d_0123456789abcdef").base).toEqual({ upload: "d_0123456789abcdef" });
  });
});
