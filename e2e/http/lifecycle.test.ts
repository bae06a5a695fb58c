/**
 * The server process's life through `npm start` (issue 6, item 10): a second server on a used data
 * directory exits with the lock message before it listens; SIGTERM finishes the request in flight,
 * then leaves no process and no lock; a garbage lock file blocks nothing.
 */
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { request } from "./client";
import { npmStart, type NpmStarted } from "./npm-start";
import { copyPgliteTemplate } from "./pglite-template";
import { signedDocument } from "./signed-documents";

const started: NpmStarted[] = [];
const dirs: string[] = [];
afterEach(async () => {
  // The whole process group: npm and the server it runs (SIGKILL to npm alone would orphan the server).
  for (const s of started.splice(0)) {
    try {
      process.kill(-(s.child.pid as number), "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-life-"));
  dirs.push(dir);
  const data = path.join(dir, "data");
  copyPgliteTemplate(data);
  return data;
}

async function startNpm(data: string): Promise<NpmStarted> {
  const s = await npmStart({ dataDir: data });
  started.push(s);
  return s;
}

async function healthy(s: NpmStarted): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (s.child.exitCode !== null) throw new Error(`exited with ${s.child.exitCode}:\n${s.output()}`);
    if ((await request(`${s.url}/api/health`).catch(() => undefined))?.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy:\n${s.output()}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(process.env.TEST_DATABASE === "postgres")("npm start on the embedded database", () => {
  it("refuses a second server on the same data directory within 10 s, with the lock message, before listening", async () => {
    const data = dataDir();
    const first = await startNpm(data);
    await healthy(first);
    const second = await startNpm(data);
    const began = Date.now();
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(second.output()).toMatch(/the embedded database .* is in use by process \d+/);
    expect(await request(`${second.url}/api/health`).catch(() => "refused")).toBe("refused");
    expect((await request(`${first.url}/api/health`)).status).toBe(200);
  }, 120_000);

  it("on SIGTERM finishes the request in flight, then leaves no process and no lock", async () => {
    const data = dataDir();
    const document = Buffer.from(await signedDocument({ image: "in flight", created: "2026-05-01T00:00:00Z" }));
    const s = await startNpm(data);
    await healthy(s);
    const owner = JSON.parse(fs.readFileSync(`${data}.lock`, "utf8")) as { pid: number };
    expect(alive(owner.pid)).toBe(true);
    // An upload whose body is still arriving when the signal comes: half of it, the signal, the rest.
    const { port } = new URL(s.url);
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/metadata",
      headers: { "Content-Type": "application/xml", "Content-Length": String(document.length) },
    });
    const reply = new Promise<number>((resolve, reject) => {
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
    });
    req.write(document.subarray(0, 1000));
    await new Promise((r) => setTimeout(r, 500));
    s.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    req.end(document.subarray(1000));
    expect(await reply).toBe(201);
    expect(await s.exited).toBe(0);
    await expect.poll(() => alive(owner.pid), { timeout: 10_000 }).toBe(false);
    expect(fs.existsSync(`${data}.lock`)).toBe(false);
    // What was answered 201 is there on the next start.
    const again = await startNpm(data);
    await healthy(again);
    expect(JSON.parse((await request(`${again.url}/api/v1/entries`)).text).total).toBe(1);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 180_000);

  it("starts over a lock file with garbage in it", async () => {
    const data = dataDir();
    for (const garbage of ["garbage\n", "", '{"pid":'] as const) {
      fs.writeFileSync(`${data}.lock`, garbage);
      const s = await startNpm(data);
      await healthy(s);
      s.child.kill("SIGTERM");
      expect(await s.exited).toBe(0);
    }
  }, 240_000);
});
