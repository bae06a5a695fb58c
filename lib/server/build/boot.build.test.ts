/**
 * The boot test for real (the "build" suite): a bootable build with both context agents boots under
 * QEMU with TCG from its own GRUB, with a NoCloud seed and a _STRATUSLAB disk; the serial console
 * shows that cloud-init ran and that the _STRATUSLAB agent put the PUBLIC_KEY into root's
 * authorized_keys. The disk also carries a FAT EFI partition with GRUB for UEFI.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseRecipe } from "@/lib/build/recipe";
import { readHostApt } from "./host-apt";
import { runBuild, type BuildEnvironment } from "./pipeline";
import { buildIdRange } from "./sandbox";

let work: string;
let env: BuildEnvironment;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "build-boot-"));
  fs.chmodSync(work, 0o755);
  env = {
    range: await buildIdRange(),
    hostApt: await readHostApt("bookworm"),
    cacheDir: path.join(os.tmpdir(), "marketplace-build-cache"),
    workParent: path.join(work, "work"),
    outputDir: path.join(work, "out"),
  };
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it("boots a bootable build with both agents under TCG, and each agent contextualizes it", async () => {
  const parsed = parseRecipe({
    base: { bootstrap: "debian:bookworm" },
    bootable: true,
    context: ["stratuslab", "cloud-init"],
    formats: ["raw"],
    metadata: { title: "Bootable Debian", os: "Debian", osVersion: "12" },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const serial: string[] = [];
  const result = await runBuild(parsed.recipe, { kind: "bootstrap", suite: "debian:bookworm" }, env, { log: (line) => serial.push(line) });
  const printed = serial.join("\n");
  expect(result.boot?.passed, result.boot?.detail).toBe(true);
  expect(printed).toMatch(/BOOT-TEST-STRATUSLAB-KEYS: ssh-ed25519 \S+ boot-test@marketplace/);
  expect(printed).toContain("BOOT-TEST-CLOUD-INIT-RAN");
  expect(printed).toMatch(/cloud-init\[\d+\]: Cloud-init v\. [\d.]+ running 'modules:final'/);

  const disk = result.artifacts[0]!.file;
  const table = JSON.parse(execFileSync("sfdisk", ["--json", disk], { encoding: "utf8" })) as {
    partitiontable: { partitions: { start: number; type: string }[] };
  };
  expect(table.partitiontable.partitions.map((p) => p.type)).toEqual(["ef", "83"]);
  const esp = `${disk}@@${table.partitiontable.partitions[0]!.start * 512}`;
  expect(execFileSync("mdir", ["-i", esp, "::/EFI/BOOT"], { encoding: "utf8" })).toMatch(/BOOTX64\s+EFI/);
  process.stdout.write(`boot test: ${result.boot?.seconds} s\n`);
});
