import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { computeImageChecksums } from "@/lib/metadata/image/checksums";
import { compressWithTool, makeTempDir, writeRandomFile } from "@/lib/metadata/image/test-images";

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Every digest worker the code starts, found through the listeners it registers on each. */
let watched = new Set<Worker>();
function watchWorkers(): void {
  watched = new Set();
  const once = Worker.prototype.once;
  vi.spyOn(Worker.prototype, "once").mockImplementation(function (this: Worker, event, listener) {
    watched.add(this);
    return once.call(this, event, listener);
  });
}

async function expectAllTerminated(): Promise<void> {
  expect(watched.size).toBeGreaterThan(0);
  // threadId turns to -1 once a worker has stopped running.
  await vi.waitFor(() => expect([...watched].map((worker) => worker.threadId)).toEqual([...watched].map(() => -1)));
}

function corrupt(file: string, at: number): string {
  const bytes = fs.readFileSync(file);
  for (let i = at; i < at + 16; i++) bytes[i] = bytes[i]! ^ 0xff;
  const target = path.join(dir, `corrupt-${path.basename(file)}`);
  fs.writeFileSync(target, bytes);
  return target;
}

describe("computeImageChecksums failures", () => {
  it("rejects a corrupt xz file with the reason xz gives", async () => {
    const xz = await compressWithTool(writeRandomFile(dir, "image.qcow2", 300_000), "xz");
    await expect(computeImageChecksums(corrupt(xz, 150_000), { compression: "xz" })).rejects.toThrow(
      "corrupt-image.qcow2.xz is not a valid xz file: Compressed data is corrupt",
    );
  });

  it("rejects a truncated gzip file", async () => {
    const gz = await compressWithTool(writeRandomFile(dir, "image.raw", 300_000), "gz");
    const truncated = path.join(dir, "truncated.raw.gz");
    fs.writeFileSync(truncated, fs.readFileSync(gz).subarray(0, 200_000));
    await expect(computeImageChecksums(truncated, { compression: "gz" })).rejects.toThrow(
      "truncated.raw.gz is not a valid gzip file: unexpected end of file",
    );
  });

  it("rejects a corrupt bzip2 file", async () => {
    const bz2 = await compressWithTool(writeRandomFile(dir, "disk.img", 300_000), "bz2");
    await expect(computeImageChecksums(corrupt(bz2, 1_000), { compression: "bz2" })).rejects.toThrow(
      /^corrupt-disk\.img\.bz2 is not a valid bzip2 file: /,
    );
  });

  it("rejects a missing file", async () => {
    await expect(computeImageChecksums(path.join(dir, "absent.img"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("stops at once when aborted, with the signal's reason, and terminates the workers", async () => {
    const sparse = path.join(dir, "sparse-1g.img");
    fs.closeSync(fs.openSync(sparse, "w"));
    fs.truncateSync(sparse, 1024 ** 3);
    watchWorkers();
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    let reports = 0;
    const run = computeImageChecksums(sparse, {
      signal: controller.signal,
      onProgress: () => {
        if (++reports === 2) controller.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(reports).toBeLessThan(20);
    await expectAllTerminated();
  });

  it("aborts while decompressing", async () => {
    const xz = await compressWithTool(writeRandomFile(dir, "abort.img", 6 * 1024 * 1024), "xz");
    const controller = new AbortController();
    const reason = new Error("stop decompressing");
    const run = computeImageChecksums(xz, {
      compression: "xz",
      signal: controller.signal,
      onProgress: () => controller.abort(reason),
    });
    await expect(run).rejects.toBe(reason);
  });

  it("does not start when the signal is already aborted", async () => {
    const file = writeRandomFile(dir, "never.img", 10);
    watchWorkers();
    const reason = new Error("too late");
    await expect(computeImageChecksums(file, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(watched.size).toBe(0);
  });

  it("propagates an error thrown in a worker and terminates the others", async () => {
    const workers = path.join(dir, "broken-workers");
    fs.mkdirSync(workers, { recursive: true });
    fs.writeFileSync(path.join(workers, "image-digests.worker.mjs"), `throw new Error("digest worker exploded");\n`);
    vi.stubEnv("MARKETPLACE_WORKERS_DIR", workers);
    watchWorkers();
    const file = writeRandomFile(dir, "any.img", 64 * 1024 * 1024);
    await expect(computeImageChecksums(file)).rejects.toThrow("digest worker exploded");
    await expectAllTerminated();
  });

  it("fails when a worker exits without its digests", async () => {
    const workers = path.join(dir, "quitting-workers");
    fs.mkdirSync(workers, { recursive: true });
    fs.writeFileSync(path.join(workers, "image-digests.worker.mjs"), `process.exit(0);\n`);
    vi.stubEnv("MARKETPLACE_WORKERS_DIR", workers);
    const file = writeRandomFile(dir, "small.img", 10);
    await expect(computeImageChecksums(file)).rejects.toThrow(/stopped \(exit code 0\) before posting its digests/);
  });
});
