import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The embedded database of this file: lib/env reads DATA_DIR when first imported, hence the dynamic imports.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-client-"));
process.env.DATA_DIR = path.join(dir, "data");
delete process.env.DATABASE_URL;
const { closeDb, getDb, getDbHandle } = await import("./client");
const { countEntries } = await import("./index");
const { acquireDataDirLock, lockPathFor } = await import("./pglite-lock");

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("getDb", () => {
  it("opens the PGlite of DATA_DIR once per process, shared by concurrent callers, across module instances", async () => {
    const [a, b] = await Promise.all([getDb(), getDb()]);
    expect(a).toBe(b);
    expect((await getDbHandle()).driver).toBe("pglite");
    expect(fs.existsSync(lockPathFor(process.env.DATA_DIR!))).toBe(true);
    // What a dev-server reload does: a fresh copy of the module finds the open database on globalThis.
    const reloaded = await import(`./client?reload=${Date.now()}`);
    expect(reloaded.getDb).not.toBe(getDb);
    expect(await reloaded.getDb()).toBe(a);
    expect(await countEntries()).toBe(0);
  });

  it("closes and releases the directory, then reopens on the next use", async () => {
    const first = await getDb();
    await closeDb();
    expect(fs.existsSync(lockPathFor(process.env.DATA_DIR!))).toBe(false);
    const second = await getDb();
    expect(second).not.toBe(first);
  });

  it("reports an unopenable database as unavailable, and does not cache the failure", async () => {
    await closeDb();
    const lock = acquireDataDirLock(process.env.DATA_DIR!);
    try {
      await expect(getDb()).rejects.toThrow(/already open in this process/);
      await expect(countEntries()).rejects.toMatchObject({ code: "unavailable", message: "the database is unavailable" });
    } finally {
      lock.release();
    }
    expect(await countEntries()).toBe(0);
  });
});
