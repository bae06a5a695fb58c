import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPglite } from "./open";
import { acquireDataDirLock, DataDirLockedError, lockPathFor, type LockOwner } from "./pglite-lock";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHILD = ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "db/testing/open-data-dir.ts")];

let dir: string;
let dataDir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-lock-"));
  dataDir = path.join(dir, "data");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the second process to completion. */
function openInChild(target: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...CHILD, target], { cwd: ROOT, encoding: "utf8", timeout: 100_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readOwner(): LockOwner {
  return JSON.parse(fs.readFileSync(lockPathFor(dataDir), "utf8")) as LockOwner;
}

function writeOwner(owner: Partial<LockOwner>): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    lockPathFor(dataDir),
    JSON.stringify({ hostname: os.hostname(), acquiredAt: "2020-01-01T00:00:00Z", token: "old", ...owner }),
  );
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("the PGlite data directory lock", () => {
  it("makes a second process fail fast with a message naming the owner", async () => {
    const handle = await openPglite(dataDir);
    try {
      const child = openInChild(dataDir);
      expect(child.status).toBe(1);
      expect(child.stderr).toContain(`the embedded database ${dataDir} is in use by process ${process.pid}`);
      expect(child.stderr).toContain("DATABASE_URL");
      // The lock is taken before PGlite starts (db/open.ts), so the refusal is the lock's own error, not PGlite's.
      expect(child.stdout).not.toContain("opened");
    } finally {
      await handle.close();
    }
    expect(fs.existsSync(lockPathFor(dataDir))).toBe(false);
    expect(openInChild(dataDir)).toMatchObject({ status: 0 });
    // Two child processes that compile TypeScript: minutes on a loaded machine, and nothing here is timed.
  }, 240_000);

  it("refuses to open the directory of a process that runs, and takes it over once that process is killed", async () => {
    const holder = spawn(process.execPath, [...CHILD, dataDir, "hold"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("opened") && resolve());
        holder.once("exit", (code) => reject(new Error(`the holder exited with ${code}`)));
      });
      const error = (() => {
        try {
          acquireDataDirLock(dataDir);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as DataDirLockedError).owner?.pid).toBe(holder.pid);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((resolve) => holder.once("exit", resolve));
    }
    expect(readOwner().pid).toBe(holder.pid);
    const handle = await openPglite(dataDir);
    expect(readOwner().pid).toBe(process.pid);
    await handle.close();
  });

  it("takes over a lock whose process is gone, whose pid was reused, or that was written before a reboot", () => {
    for (const owner of [
      { pid: deadPid() },
      { pid: process.ppid, startTime: "1" },
      { pid: process.ppid, bootId: "another-boot" },
      { pid: process.pid, token: "left over by a previous run" },
    ]) {
      writeOwner(owner);
      const lock = acquireDataDirLock(dataDir);
      expect(readOwner()).toMatchObject({ pid: process.pid });
      lock.release();
      expect(fs.existsSync(lockPathFor(dataDir))).toBe(false);
    }
  });

  it("respects a lock of a live process and one written on another host", () => {
    for (const owner of [{ pid: process.ppid }, { pid: deadPid(), hostname: "another-host" }]) {
      writeOwner(owner);
      expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
      expect(readOwner().token).toBe("old");
    }
    expect(() => acquireDataDirLock(dataDir)).toThrow(/on host another-host/);
  });

  it("takes over a lock file that no live process can hold: empty, garbage, truncated, just written", () => {
    for (const garbage of ["", "garbage\n", "12345", '{"pid": 1', "\u0000\u0000", JSON.stringify({ pid: "x" })]) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(lockPathFor(dataDir), garbage);
      const lock = acquireDataDirLock(dataDir);
      expect(readOwner().pid).toBe(process.pid);
      lock.release();
      expect(fs.existsSync(lockPathFor(dataDir))).toBe(false);
    }
  });

  it("never shows a half-written lock: the file appears with its whole content", () => {
    const lock = acquireDataDirLock(dataDir);
    expect(readOwner().token).toMatch(new RegExp(`^${process.pid}-`));
    expect(fs.readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    lock.release();
  });

  it("refuses a second open in the same process and releases only its own lock", () => {
    const lock = acquireDataDirLock(dataDir);
    expect(() => acquireDataDirLock(dataDir)).toThrow(/already open in this process/);
    writeOwner({ pid: process.ppid, token: "someone else" });
    lock.release();
    expect(readOwner().token).toBe("someone else");
  });
});
