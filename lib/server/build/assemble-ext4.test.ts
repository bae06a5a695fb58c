import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { allocatedInodes, assembleExt4, seededUuid } from "./assemble-ext4";
import { clampTimes } from "./clamp-times";
import { runTool } from "./run-tool";

const work: string[] = [];
afterEach(() => {
  for (const dir of work.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A small root filesystem, made at whatever time the test runs. */
function rootfs(marker: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ext4-root-"));
  work.push(dir);
  fs.mkdirSync(path.join(dir, "etc"));
  fs.writeFileSync(path.join(dir, "etc", "marker"), marker);
  fs.symlinkSync("marker", path.join(dir, "etc", "marker-link"));
  return dir;
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const EPOCH = 1_700_000_000;

describe("the ext4 assemble stage", () => {
  it("makes the same bytes from the same inputs, twice, and holds the files (read without mounting)", async () => {
    const images: string[] = [];
    for (const attempt of [1, 2]) {
      const root = rootfs("built by the recipe\n");
      // Made at different moments: the clean-up's clamp makes their times equal.
      fs.utimesSync(path.join(root, "etc", "marker"), EPOCH + attempt, EPOCH + attempt);
      await clampTimes(root, EPOCH);
      const output = path.join(root, "..", `${path.basename(root)}.img`);
      work.push(output);
      await assembleExt4({
        rootDir: root,
        output,
        sizeBytes: 8 * 1024 * 1024,
        label: "rootfs",
        seed: "recipe-hash-1",
        epochSeconds: EPOCH,
      });
      images.push(output);
    }
    expect(sha256(images[0]!)).toBe(sha256(images[1]!));
    const { stdout } = await runTool("debugfs", ["-R", "cat /etc/marker", images[0]!]);
    expect(stdout).toBe("built by the recipe\n");
    const { stdout: info } = await runTool("dumpe2fs", ["-h", images[0]!]);
    expect(info).toContain(`Filesystem UUID:          ${seededUuid("recipe-hash-1")}`);
    expect(info).toMatch(/Filesystem volume name:\s+rootfs/);
  });

  it("derives a stable, well-formed UUID per seed", () => {
    expect(seededUuid("a")).toBe(seededUuid("a"));
    expect(seededUuid("a")).not.toBe(seededUuid("b"));
    expect(seededUuid("a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("refuses a label mkfs would cut, and says which tool failed and why", async () => {
    const root = rootfs("x");
    await expect(
      assembleExt4({
        rootDir: root,
        output: `${root}.img`,
        sizeBytes: 8 << 20,
        label: "a label too long!",
        seed: "s",
        epochSeconds: EPOCH,
      }),
    ).rejects.toThrow(/an ext4 label/);
    await expect(
      assembleExt4({
        rootDir: path.join(root, "missing"),
        output: `${root}.img`,
        sizeBytes: 8 << 20,
        label: "x",
        seed: "s",
        epochSeconds: EPOCH,
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^mkfs\.ext4 exited with 1/) });
    work.push(`${root}.img`);
  });

  it("reads the inodes in use from dumpe2fs's group bitmaps", () => {
    const dump = [
      "Inodes per group:         8",
      "Group 0: (Blocks 1-8192) csum 0x1",
      "  Free inodes: 4-5, 8",
      "Group 1: (Blocks 8193-16384) csum 0x2",
      "  Free inodes: 9-16",
      "Group 2: (Blocks 16385-24576) csum 0x3",
      "  Free inodes: ",
    ].join("\n");
    expect(allocatedInodes(dump)).toEqual([1, 2, 3, 6, 7, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(() => allocatedInodes("nothing")).toThrow(/no inode count/);
  });
});
