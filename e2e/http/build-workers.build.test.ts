/**
 * Build workers as processes of their own (`npm run worker`, dist/worker/main.mjs) on one PostgreSQL
 * (the "build" suite runs on PostgreSQL: PGlite serialises everything, so exclusivity proven there
 * would prove nothing): four workers never run the same build twice, and a worker killed with
 * SIGKILL in the middle of a build leaves no process or mount behind, and its build is run again by
 * another worker (resumed), never left running; cancelled then, it leaves no work files.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDb } from "@/db/client";
import { buildEventsAfter, cancelBuild, createBuild, createUser } from "@/db";
import { openPostgres, type DbHandle } from "@/db/open";
import { builds, jobs } from "@/db/schema";
import { createTestDatabaseUrl, dropTestDatabase } from "@/db/testing/postgres-database";
import { packageRoot } from "@/lib/metadata/workers/worker-path";

const onPostgres = process.env.TEST_DATABASE === "postgres";
let url: string;
let handle: DbHandle;
let dataDir: string;
let workDir: string;
let ownerId: string;
const workers: ChildProcess[] = [];

const RECIPE = {
  base: { bootstrap: "debian:bookworm" },
  packages: [],
  scripts: [],
  context: [],
  formats: ["raw"],
  exclude: ["/tmp/*"],
  metadata: { title: "T", arch: "x86_64", validDays: 10, tags: [], hypervisor: "kvm" },
  repositories: [],
  bootable: false,
};

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [path.join(packageRoot(), "dist", "worker", "main.mjs")], {
    cwd: packageRoot(),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      BUILD_WORK_DIR: workDir,
      AUTH_SECRET: "a test secret that is long enough for production use",
      BUILD_CONCURRENCY: "1",
      JOB_CONCURRENCY: "1",
      JOB_POLL_MS: "100",
      REMINDERS: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  (child as ChildProcess & { output: () => string }).output = () => output;
  workers.push(child);
  return child;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 540_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const row = async (id: string) => (await handle.db.select().from(builds).where(eq(builds.id, id)))[0]!;

beforeAll(async () => {
  if (!onPostgres) return;
  url = await createTestDatabaseUrl();
  handle = await openPostgres(url, { max: 4 });
  installDb(handle);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "build-workers-"));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "build-workers-work-"));
  ownerId = (await createUser({ email: "jane@example.org", password: "a long enough phrase", verified: true })).id;
}, 120_000);

afterAll(async () => {
  for (const child of workers) child.kill("SIGKILL");
  if (!onPostgres) return;
  installDb(undefined);
  await handle?.close();
  await dropTestDatabase(url);
  for (const dir of [dataDir, workDir]) fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(onPostgres)("build workers on PostgreSQL", () => {
  it("four workers never run the same build twice", async () => {
    for (let i = 0; i < 4; i++) startWorker();
    const ids: string[] = [];
    // MAX_ACTIVE_BUILDS per user: three users, two builds each.
    for (const email of ["a@example.org", "b@example.org", "c@example.org"]) {
      const user = await createUser({ email, password: "a long enough phrase", verified: true });
      for (let i = 0; i < 2; i++)
        ids.push(
          (await createBuild(user.id, { ...RECIPE, metadata: { ...RECIPE.metadata, title: `${email} ${i}` } }, "http://127.0.0.1/")).id,
        );
    }
    await until("every build to finish", async () => {
      const rows = await Promise.all(ids.map(row));
      return rows.every((r) => r.status !== "queued" && r.status !== "running") ? rows : undefined;
    });
    for (const id of ids) {
      const build = await row(id);
      expect(build.status, build.error ?? "").toBe("succeeded");
      expect(build.attempt).toBe(1);
      const running = (await buildEventsAfter(id, 0)).filter((e) => e.type === "status" && e.data === "running");
      expect(running).toHaveLength(1);
    }
    const buildJobs = await handle.db.select().from(jobs).where(eq(jobs.kind, "build"));
    expect(buildJobs.map((job) => [job.status, job.attempts])).toEqual(ids.map(() => ["done", 1]));
    for (const child of workers.splice(0)) child.kill("SIGTERM");
  });

  it("a worker killed with SIGKILL leaves nothing running; the build is resumed by another, then cancelled cleanly", async () => {
    const first = startWorker({ JOB_LEASE_SECONDS: "2" });
    const build = await createBuild(
      ownerId,
      { ...RECIPE, scripts: [{ name: "wait.sh", content: "echo started-waiting\nsleep 300\n", args: [], timeoutSeconds: 600 }] },
      "http://127.0.0.1/",
    );
    await until("the script to start", async () =>
      (await buildEventsAfter(build.id, 0, 10_000)).some((e) => e.data.includes("started-waiting")) ? true : undefined,
    );
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    // Nothing of the dead worker's build runs on, nor stays mounted.
    await until(
      "the namespace's processes to die",
      async () => (/^sleep 300$/m.test(execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })) ? undefined : true),
      30_000,
    );
    expect(fs.readFileSync("/proc/mounts", "utf8")).not.toContain(workDir);
    expect((await row(build.id)).attempt).toBe(1);

    startWorker({ JOB_LEASE_SECONDS: "2" });
    await until("the build to run again", async () => {
      const again = await row(build.id);
      return again.attempt === 2 && again.status === "running" ? again : undefined;
    });
    // The dead attempt's work directory is gone before the new one works.
    expect(fs.existsSync(path.join(workDir, `${build.id}-1`))).toBe(false);
    await until("the second attempt's script to start", async () =>
      (await buildEventsAfter(build.id, 0, 10_000)).filter((e) => e.data.includes("started-waiting")).length >= 2 ? true : undefined,
    );
    await cancelBuild({ userId: ownerId, admin: false }, build.id);
    const done = await until("the cancel", async () => {
      const now = await row(build.id);
      return now.status === "cancelled" ? now : undefined;
    });
    expect(done.status).toBe("cancelled");
    await until("the work directory to go", async () => (fs.readdirSync(workDir).length === 0 ? true : undefined), 60_000);
    expect(fs.readFileSync("/proc/mounts", "utf8")).not.toContain(workDir);
  });
});
