import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  appendBuildLog,
  buildEventsAfter,
  bootTestOfImage,
  buildMayContinue,
  bytesStoredBy,
  cancelBuild,
  createBuild,
  deleteBuild,
  failOrphanedBuilds,
  finishBuild,
  getBuildFor,
  getSucceededArtifact,
  listBuildsFor,
  MAX_ACTIVE_BUILDS,
  reportBuildProgress,
  retryBuild,
  startBuildAttempt,
  type BuildActor,
} from "./builds";
import { claimJob, failJob } from "./job-claims";
import { builds, jobs } from "./schema";
import { setupTestDb } from "./testing/test-db";
import { createUser } from "./users";

const t = setupTestDb();
beforeEach(() => t.reset());

const RECIPE = { base: { bootstrap: "debian:bookworm" }, metadata: { title: "T" } };
const BASE = "https://marketplace.test/";

async function people(): Promise<{ alice: BuildActor; bob: BuildActor; admin: BuildActor }> {
  const a = await createUser({ email: "alice@example.org", password: "a long enough phrase" });
  const b = await createUser({ email: "bob@example.org", password: "a long enough phrase" });
  const c = await createUser({ email: "root@example.org", password: "a long enough phrase", role: "admin" });
  return { alice: { userId: a.id, admin: false }, bob: { userId: b.id, admin: false }, admin: { userId: c.id, admin: true } };
}

const types = async (id: string) => (await buildEventsAfter(id, 0)).map((e) => `${e.type}:${e.data}`);

describe("builds", () => {
  it("are queued with their job, seen by their owner and admins only (others get not found)", async () => {
    const { alice, bob, admin } = await people();
    const build = await createBuild(alice.userId, RECIPE, BASE);
    expect(build).toMatchObject({ status: "queued", percent: 0, attempt: 0, baseUrl: BASE });
    expect(build.id).toMatch(/^b_[A-Za-z0-9_-]{16}$/);
    const [job] = await t.db.select().from(jobs).where(eq(jobs.kind, "build"));
    expect(job?.payload).toEqual({ buildId: build.id });
    expect((await getBuildFor(alice, build.id)).id).toBe(build.id);
    expect((await getBuildFor(admin, build.id)).id).toBe(build.id);
    await expect(getBuildFor(bob, build.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getBuildFor(bob, "b_nothing")).rejects.toMatchObject({ code: "not_found" });
    await expect(cancelBuild(bob, build.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await listBuildsFor(alice, { limit: 10 })).map((b) => b.id)).toEqual([build.id]);
    expect(await listBuildsFor(bob, { limit: 10 })).toEqual([]);
  });

  it("holds each user to a number of active builds", async () => {
    const { alice, bob } = await people();
    for (let i = 0; i < MAX_ACTIVE_BUILDS; i++) await createBuild(alice.userId, RECIPE, BASE);
    await expect(createBuild(alice.userId, RECIPE, BASE)).rejects.toMatchObject({ code: "rate_limited" });
    await createBuild(bob.userId, RECIPE, BASE);
  });

  it("pages newest first", async () => {
    const { alice } = await people();
    const first = await createBuild(alice.userId, RECIPE, BASE);
    await finishBuild(first.id, 0, { status: "failed" }); // not running: nothing changes
    await t.db.update(builds).set({ status: "failed" }).where(eq(builds.id, first.id));
    const second = await createBuild(alice.userId, RECIPE, BASE);
    const page = await listBuildsFor(alice, { limit: 1 });
    expect(page.map((b) => b.id)).toEqual([second.id]);
    const next = await listBuildsFor(alice, { limit: 1, before: { createdAt: page[0]!.createdAt, id: page[0]!.id } });
    expect(next.map((b) => b.id)).toEqual([first.id]);
  });

  it("fences every write of a worker by its attempt", async () => {
    const { alice } = await people();
    const build = await createBuild(alice.userId, RECIPE, BASE);
    const first = await startBuildAttempt(build.id, "w1");
    expect(first).toMatchObject({ status: "running", attempt: 1, worker: "w1" });
    expect(await reportBuildProgress(build.id, 1, "customise", 40)).toBe(true);
    await appendBuildLog(build.id, 1, ["apt-get install hello"]);
    // w1 is presumed dead; the build runs again as attempt 2.
    const second = await startBuildAttempt(build.id, "w2");
    expect(second).toMatchObject({ status: "running", attempt: 2, worker: "w2", percent: 0 });
    expect(await reportBuildProgress(build.id, 1, "assemble", 70)).toBe(false);
    expect(await finishBuild(build.id, 1, { status: "succeeded" })).toBe(false);
    await appendBuildLog(build.id, 1, ["from the dead attempt"]);
    expect(await finishBuild(build.id, 2, { status: "succeeded", artifacts: [], bytesStored: 5 })).toBe(true);
    expect(await getBuildFor(alice, build.id)).toMatchObject({ status: "succeeded", percent: 100, bytesStored: 5 });
    const events = await types(build.id);
    expect(events).toContain("log:the worker w1 stopped during attempt 1: building again");
    expect(events).not.toContain("log:from the dead attempt");
    expect(events.at(-1)).toBe("status:succeeded");
    const seqs = (await buildEventsAfter(build.id, 0)).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect((await buildEventsAfter(build.id, 3)).map((e) => e.seq)[0]).toBe(4);
  });

  it("answers for a succeeded build's images and boot test, and deletes a finished build for its owner only", async () => {
    const { alice, bob } = await people();
    const artifact = {
      name: "image-0123456789ab.qcow2",
      format: "qcow2",
      bytes: 2048,
      md5: "m",
      sha1: "s1",
      sha256: `00${"a".repeat(62)}`,
      sha512: "f".repeat(128),
    };
    const build = await createBuild(alice.userId, RECIPE, BASE);
    expect(await getSucceededArtifact(build.id, artifact.name)).toBeUndefined();
    await startBuildAttempt(build.id, "w1");
    expect(await bootTestOfImage({ sha256: artifact.sha256 })).toBeUndefined();
    await expect(deleteBuild(alice, build.id, async () => undefined)).rejects.toMatchObject({ code: "conflict" });
    const boot = { passed: true, seconds: 40, detail: "markers seen" };
    expect(await finishBuild(build.id, 1, { status: "succeeded", artifacts: [artifact], boot, bytesStored: 2048 })).toBe(true);

    expect(await getSucceededArtifact(build.id, artifact.name)).toEqual(artifact);
    expect(await getSucceededArtifact(build.id, "image-0123456789ab.img")).toBeUndefined();
    // By either digest; a signed SHA-256 that lost its leading zeros still names the same bytes.
    for (const digests of [{ sha256: artifact.sha256 }, { sha256: "a".repeat(62) }, { sha512: artifact.sha512.toUpperCase() }]) {
      expect(await bootTestOfImage(digests), JSON.stringify(digests)).toMatchObject({ passed: true, seconds: 40, context: [] });
    }
    expect(await bootTestOfImage({ sha256: "b".repeat(64) })).toBeUndefined();
    expect(await bootTestOfImage({})).toBeUndefined();

    expect(await bytesStoredBy(alice.userId)).toBe(2048);
    await expect(deleteBuild(bob, build.id, async () => undefined)).rejects.toMatchObject({ code: "not_found" });
    // Images that cannot be removed keep the build (and its quota) as it was, to try again.
    await expect(
      deleteBuild(alice, build.id, async () => {
        throw new Error("the bucket said no");
      }),
    ).rejects.toThrow("the bucket said no");
    expect((await getBuildFor(alice, build.id)).status).toBe("succeeded");
    const removed: string[] = [];
    await deleteBuild(alice, build.id, async (id) => void removed.push(id));
    expect(removed).toEqual([build.id]);
    await expect(getBuildFor(alice, build.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await bytesStoredBy(alice.userId)).toBe(0);
    expect(await bootTestOfImage({ sha256: artifact.sha256 })).toBeUndefined();
    expect(await buildEventsAfter(build.id, 0)).toEqual([]);
  });

  it("cancels a queued build at once and a running one at its worker's next step; retries a cancelled one", async () => {
    const { alice } = await people();
    const queued = await createBuild(alice.userId, RECIPE, BASE);
    expect(await cancelBuild(alice, queued.id)).toMatchObject({ status: "cancelled" });
    expect(await startBuildAttempt(queued.id, "w1")).toBeNull();
    await expect(cancelBuild(alice, queued.id)).rejects.toMatchObject({ code: "conflict" });

    const running = await createBuild(alice.userId, RECIPE, BASE);
    await startBuildAttempt(running.id, "w1");
    expect(await cancelBuild(alice, running.id)).toMatchObject({ status: "running", cancelRequested: true });
    expect(await buildMayContinue(running.id, 1)).toBe(false);
    expect(await reportBuildProgress(running.id, 1, "customise", 50)).toBe(false);
    expect(await finishBuild(running.id, 1, { status: "cancelled", error: "cancelled" })).toBe(true);

    await expect(retryBuild(alice, (await createBuild(alice.userId, RECIPE, BASE)).id)).rejects.toMatchObject({ code: "conflict" });
    const again = await retryBuild(alice, running.id);
    expect(again).toMatchObject({ status: "queued", cancelRequested: false });
    expect(await startBuildAttempt(running.id, "w2")).toMatchObject({ attempt: 2 });
  });

  it("fails a build whose job ended without it, never leaving it running", async () => {
    const { alice } = await people();
    const build = await createBuild(alice.userId, RECIPE, BASE);
    const job = await claimJob({ worker: "w1", kinds: ["build"], leaseMs: 60_000 });
    await startBuildAttempt(build.id, "w1");
    expect(await failOrphanedBuilds()).toEqual([]);
    // The job's last attempt failed (as the reaper fails a job whose worker died on its last attempt).
    await failJob(job!.id, "w1", "the lease expired", { permanent: true });
    expect(await failOrphanedBuilds()).toEqual([build.id]);
    expect(await getBuildFor(alice, build.id)).toMatchObject({ status: "failed" });
  });
});
