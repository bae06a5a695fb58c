/**
 * The build pipeline for real (the "build" suite: root, Debian's mirror, mmdebstrap, qemu-img; the
 * test command installs them): a bootstrapped (or cached) Debian base, a package, a script with
 * arguments, ext4, qcow2 and tar.zst, checksums against coreutils', the script's marker read out of
 * the image without mounting it, the skeletal metadata checked by the engine, the same recipe twice
 * giving the same bytes, and a VDI disk (and an OVA) accepted as a base.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRecipe, type Recipe, type RecipeInput } from "@/lib/build/recipe";
import { inspectMetadata } from "@/lib/metadata/inspect";
import { importDisk } from "./import-disk";
import { readHostApt } from "./host-apt";
import { runBuild, type BuildEnvironment, type BuildResult } from "./pipeline";
import { buildIdRange } from "./sandbox";

const CACHE = path.join(os.tmpdir(), "marketplace-build-cache");
let work: string;
let env: BuildEnvironment;

const SCRIPT = `#!/bin/sh
set -eu
printf 'built with %s and %s\\n' "$1" "$2" > /etc/marker
hello --version | head -n 1 >> /etc/marker
`;

function recipe(input: Partial<RecipeInput> = {}): Recipe {
  const parsed = parseRecipe({
    base: { bootstrap: "debian:bookworm" },
    packages: ["hello"],
    scripts: [{ name: "configure.sh", content: SCRIPT, args: ["first arg", "$(second)"] }],
    context: [],
    formats: ["qcow2", "tar.zst"],
    metadata: { title: "Hello appliance", os: "Debian", osVersion: "12", version: "1.0" },
    ...input,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.recipe;
}

const sh = (command: string, args: string[]) => execFileSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const digest = (tool: string, file: string) => sh(tool, [file]).split(/\s+/)[0];

/** The ext4 filesystem of a qcow2 artifact as raw, for debugfs. */
function rawOf(qcow2: string): string {
  const raw = `${qcow2}.raw`;
  sh("qemu-img", ["convert", "-f", "qcow2", "-O", "raw", qcow2, raw]);
  return raw;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "build-pipeline-"));
  fs.chmodSync(work, 0o755);
  env = {
    range: await buildIdRange(),
    hostApt: await readHostApt("bookworm"),
    cacheDir: CACHE,
    workParent: path.join(work, "work"),
    outputDir: path.join(work, "out-1"),
  };
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe("an image build from a Debian base", () => {
  let first: BuildResult;
  const stages: string[] = [];
  const lines: string[] = [];

  it("installs a package, runs a script with its arguments, and writes qcow2 and tar.zst", async () => {
    first = await runBuild(recipe(), { kind: "bootstrap", suite: "debian:bookworm" }, env, {
      log: (line) => lines.push(line),
      progress: (stage) => {
        if (stages.at(-1) !== stage) stages.push(stage);
      },
      locationOf: (name) => `https://marketplace.test/images/${name}`,
    });
    expect(stages).toEqual(["resolve-base", "customise", "clean-up", "assemble", "convert", "checksum", "metadata"]);
    expect(first.artifacts.map((a) => a.format)).toEqual(["qcow2", "tar.zst"]);
    expect(lines.some((line) => line.includes("hello"))).toBe(true);
    // The work directory is gone; only the artifacts remain.
    expect(fs.readdirSync(env.workParent)).toEqual([]);
    expect(fs.readdirSync(env.outputDir).sort()).toEqual(first.artifacts.map((a) => a.name).sort());
  });

  it("gives the checksums coreutils gives", () => {
    for (const artifact of first.artifacts) {
      expect(artifact.checksums.bytes).toBe(BigInt(fs.statSync(artifact.file).size));
      expect(artifact.checksums.md5).toBe(digest("md5sum", artifact.file));
      expect(artifact.checksums.sha1).toBe(digest("sha1sum", artifact.file));
      expect(artifact.checksums.sha256).toBe(digest("sha256sum", artifact.file));
      expect(artifact.checksums.sha512).toBe(digest("sha512sum", artifact.file));
    }
  });

  it("holds the script's marker and the package, read without mounting; the clean-up took what it must", () => {
    const raw = rawOf(first.artifacts[0]!.file);
    try {
      expect(sh("debugfs", ["-R", "cat /etc/marker", raw])).toMatch(/^built with first arg and \$\(second\)\nhello \(GNU Hello\) /);
      expect(sh("debugfs", ["-R", "stat /usr/bin/hello", raw])).toContain("Type: regular");
      // Root-owned setuid binaries keep their bits and owner (the image's ids, not the build's range).
      expect(sh("debugfs", ["-R", "stat /usr/bin/su", raw])).toMatch(/Mode:\s+04755[\s\S]*User:\s+0\s+Group:\s+0/);
      expect(sh("debugfs", ["-R", "cat /etc/apt/sources.list.d/debian.sources", raw])).toContain("bookworm-security");
      expect(sh("debugfs", ["-R", "ls -l /var/lib/apt/lists", raw])).not.toMatch(/_Packages/);
      expect(sh("debugfs", ["-R", "ls /usr/sbin", raw])).not.toContain("policy-rc.d");
      sh("e2fsck", ["-fn", raw]);
    } finally {
      fs.rmSync(raw, { force: true });
    }
    const listing = sh("tar", ["--zstd", "-tvf", first.artifacts[1]!.file]);
    expect(listing).toMatch(/ 0\/0 .* \.\/etc\/marker\n/);
  });

  it("writes skeletal metadata the engine accepts, holding the recipe", async () => {
    const inspection = await inspectMetadata(first.metadataXml, { requireSignature: false });
    expect(inspection.problems).toEqual([]);
    expect(inspection.entry?.identifier).toBe(first.artifacts[0]!.checksums.identifier);
    expect(first.metadataXml).toContain(`<slterms:location>https://marketplace.test/images/${first.artifacts[0]!.name}</slterms:location>`);
    expect(first.metadataXml).toMatch(/<build:name>hello<\/build:name>\s*<build:version>2\.10-/);
    expect(first.metadataXml).toContain("<build:name>configure.sh</build:name>");
    expect(first.metadataXml).toContain(`<build:args>["first arg","$(second)"]</build:args>`);
    expect(first.metadataXml).toMatch(
      /<build:kind>bootstrap<\/build:kind>\s*<build:ref>debian:bookworm<\/build:ref>\s*<build:sha256>[0-9a-f]{64}</,
    );
    expect(first.record.driver.name).toBe("chroot");
  });

  it("gives the same image bytes when the same recipe is built again", async () => {
    const again = await runBuild(
      recipe(),
      { kind: "bootstrap", suite: "debian:bookworm" },
      { ...env, outputDir: path.join(work, "out-2") },
    );
    expect(again.artifacts.map((a) => a.checksums.sha256)).toEqual(first.artifacts.map((a) => a.checksums.sha256));
  });

  it("takes a VDI disk holding an ext4 filesystem as a base, and converts it", async () => {
    const raw = rawOf(first.artifacts[0]!.file);
    const vdi = path.join(work, "base.vdi");
    sh("qemu-img", ["convert", "-f", "raw", "-O", "vdi", raw, vdi]);
    fs.rmSync(raw);
    expect(JSON.parse(sh("qemu-img", ["info", "--output=json", vdi])).format).toBe("vdi");
    const fromVdi = await runBuild(
      recipe({
        base: { upload: "vdi-upload-1" },
        packages: [],
        scripts: [{ name: "second.sh", content: "echo second >> /etc/marker\n" }],
        formats: ["raw"],
      }),
      { kind: "upload", ref: "vdi-upload-1", file: vdi, sha256: digest("sha256sum", vdi)!, epochSeconds: 1_700_000_000 },
      { ...env, outputDir: path.join(work, "out-vdi") },
    );
    const image = fromVdi.artifacts[0]!.file;
    expect(sh("debugfs", ["-R", "cat /etc/marker", image])).toMatch(/^built with first arg and \$\(second\)\nhello .*\nsecond\n$/);
    expect(fromVdi.metadataXml).toContain("<build:kind>upload</build:kind>");
  });

  it("reads an OVA, an .ovf and its VMDK in a tar as VirtualBox exports it, and refuses one without a disk", async () => {
    const raw = rawOf(first.artifacts[0]!.file);
    const source = fs.mkdtempSync(path.join(work, "ova-"));
    sh("qemu-img", ["convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=streamOptimized", raw, path.join(source, "disk1.vmdk")]);
    fs.rmSync(raw);
    fs.writeFileSync(
      path.join(source, "appliance.ovf"),
      '<?xml version="1.0"?><Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"/>\n',
    );
    const ova = path.join(work, "appliance.ova");
    sh("tar", ["--create", "--format=ustar", "--file", ova, "--directory", source, "appliance.ovf", "disk1.vmdk"]);
    const imported = await importDisk({ file: ova, workDir: fs.mkdtempSync(path.join(work, "ova-import-")) });
    expect(imported.format).toBe("vmdk");
    expect(sh("tar", ["--extract", "--to-stdout", "--file", imported.tarball, "./etc/marker"])).toMatch(/^built with first arg/);

    const empty = path.join(work, "empty.ova");
    sh("tar", ["--create", "--format=ustar", "--file", empty, "--directory", source, "appliance.ovf"]);
    await expect(importDisk({ file: empty, workDir: fs.mkdtempSync(path.join(work, "ova-empty-")) })).rejects.toThrow(
      "the OVA holds no .vmdk disk at its top level",
    );
  });
});
