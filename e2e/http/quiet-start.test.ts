/**
 * What a new user sees on `npm start` (issue 7, item 12): no Next.js telemetry notice, no
 * "Experiments" line, and no npm warning about install scripts nobody reviewed. The start runs as on
 * a machine that never ran Next.js (a fresh HOME, no .next/cache/config.json: where Next.js keeps its
 * "notice shown" flag) and with a stale build, so `npm start` runs `next build` as after a fresh clone.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { request } from "./client";
import { npmStart } from "./npm-start";
import { copyPgliteTemplate } from "./pglite-template";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

describe.skipIf(process.env.TEST_DATABASE === "postgres")("a quiet start", () => {
  it("npm start prints no telemetry notice and no experimental line, even when it builds", async () => {
    // `npm start` installs when node_modules is older than the lock file; a test must not reinstall.
    const root = packageRoot();
    if (
      fs.statSync(path.join(root, "node_modules", ".package-lock.json")).mtimeMs < fs.statSync(path.join(root, "package-lock.json")).mtimeMs
    ) {
      throw new Error("node_modules is older than package-lock.json: run npm ci first (this test would otherwise reinstall)");
    }
    const home = tempDir("marketplace-home-");
    const data = path.join(tempDir("marketplace-quiet-"), "data");
    copyPgliteTemplate(data);
    // As on a fresh clone: no build that is up to date, and no record of a telemetry notice shown
    // (in a container Next.js keeps it in .next/cache rather than in HOME).
    fs.rmSync(path.join(root, ".next", "cache", "config.json"), { force: true });
    fs.utimesSync(path.join(root, ".next", "BUILD_ID"), new Date(0), new Date(0));
    const { child, url, output, exited } = await npmStart({ dataDir: data, home });
    try {
      const deadline = Date.now() + 500_000;
      let status: number | undefined;
      while (status !== 200 && Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
        status = (await request(`${url}/api/health`).catch(() => undefined))?.status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(status, output()).toBe(200);
      expect(output()).toContain("building the Marketplace");
      expect(output()).not.toMatch(/telemetry/i);
      expect(output()).not.toMatch(/Experiments|serverActions/);
    } finally {
      if (child.exitCode === null) {
        process.kill(-(child.pid as number), "SIGTERM");
        await exited;
      }
    }
  }, 600_000);

  it("npm has no install script to ask the user about", () => {
    const result = spawnSync("npm", ["install-scripts", "ls"], { cwd: packageRoot(), encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/not yet covered|blocked/);
    expect(result.status).toBe(0);
  });
});
