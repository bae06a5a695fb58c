import { count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { claimJob, completeJob, failJob, heartbeatJob, jobWorkWaiting, listJobs, reapExpiredJobs, retryFailedJob } from "./job-claims";
import { enqueueJob } from "./jobs";
import { MAIL_JOB, queueMail, queueMailOnce } from "./outbox";
import { markOutboxSent, recordOutboxFailure, retryOutboxMessage } from "./outbox-delivery";
import { openPostgres, type DbHandle } from "./open";
import { jobs, outbox, type JobRow } from "./schema";
import { createTestDatabaseUrl, dropTestDatabase } from "./testing/postgres-database";
import { setupTestDb, testDatabaseKind } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

const LEASE = 60_000;
const RETRY = { baseMs: 60_000, maxMs: 3_600_000 };

async function job(id: number): Promise<JobRow> {
  const [row] = await t.db.select().from(jobs).where(eq(jobs.id, id));
  return row!;
}

async function dbNow(): Promise<Date> {
  const [row] = await t.db.select({ now: sql<string>`now()` }).from(sql`(select 1) as one`);
  return new Date(row!.now);
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("claimJob", () => {
  it("claims the oldest ready job: running, leased, locked by the claimer, one more attempt", async () => {
    const later = await enqueueJob({ kind: "a", runAfter: new Date(Date.now() - 1000) });
    const first = await enqueueJob({ kind: "a", runAfter: new Date(Date.now() - 60_000), payload: { n: 1 } });
    const claimed = await claimJob({ worker: "w1", leaseMs: LEASE });
    expect(claimed).toMatchObject({ id: first, status: "running", lockedBy: "w1", attempts: 1, payload: { n: 1 } });
    expect(claimed!.leaseUntil!.getTime()).toBeGreaterThan((await dbNow()).getTime() + LEASE - 5_000);
    expect((await claimJob({ worker: "w1", leaseMs: LEASE }))?.id).toBe(later);
    expect(await claimJob({ worker: "w1", leaseMs: LEASE })).toBeNull();
  });

  it("leaves jobs whose run_after is in the future, and jobs of other kinds", async () => {
    await enqueueJob({ kind: "a", runAfter: new Date(Date.now() + 3_600_000) });
    const other = await enqueueJob({ kind: "b" });
    expect(await claimJob({ worker: "w1", leaseMs: LEASE, kinds: ["a"] })).toBeNull();
    expect(await claimJob({ worker: "w1", leaseMs: LEASE, kinds: [] })).toBeNull();
    expect(await jobWorkWaiting(["a"])).toMatchObject({ ready: false, expired: false });
    expect((await jobWorkWaiting(["a"])).nextRunAfter!.getTime()).toBeGreaterThan(Date.now());
    expect(await jobWorkWaiting(["a", "b"])).toMatchObject({ ready: true });
    expect((await claimJob({ worker: "w1", leaseMs: LEASE, kinds: ["a", "b"] }))?.id).toBe(other);
  });

  it("a unique key makes one job however often it is queued", async () => {
    const id = await enqueueJob({ kind: "expiry-warning", uniqueKey: "expiry-warning:2026-12-01" });
    expect(id).not.toBeNull();
    expect(await enqueueJob({ kind: "expiry-warning", uniqueKey: "expiry-warning:2026-12-01" })).toBeNull();
    expect(await enqueueJob({ kind: "expiry-warning", uniqueKey: "expiry-warning:2026-12-02" })).not.toBeNull();
    // Still one once the first has run.
    const claimed = await claimJob({ worker: "w1", leaseMs: LEASE });
    expect(await completeJob(claimed!.id, "w1")).toBe(true);
    expect(await enqueueJob({ kind: "expiry-warning", uniqueKey: "expiry-warning:2026-12-01" })).toBeNull();
    expect((await t.db.select({ n: count() }).from(jobs))[0]!.n).toBe(2);
  });

  it("queueMailOnce queues one message and one mail job per key", async () => {
    const message = { to: "jane@example.org", subject: "s", text: "t", kind: "expiry-warning" };
    const first = await queueMailOnce(message, "expiry-warning:2026-12-01:jane@example.org");
    expect(first).not.toBeNull();
    expect(await queueMailOnce(message, "expiry-warning:2026-12-01:jane@example.org")).toBeNull();
    expect(await t.db.select({ id: outbox.id }).from(outbox)).toEqual([{ id: first }]);
    const mailJobs = await t.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB));
    expect(mailJobs.map((row) => row.payload)).toEqual([{ outboxId: first }]);
  });
});

describe("the outbox row as the mail's record", () => {
  it("a failed message can be retried by an admin; a sent one is never marked again", async () => {
    const id = await queueMail({ to: "jane@example.org", subject: "s", text: "t", kind: "test" });
    const claimed = await claimJob({ worker: "w1", leaseMs: LEASE });
    await recordOutboxFailure(id, "550 no such user", true);
    expect(await failJob(claimed!.id, "w1", "550 no such user", { permanent: true })).toBe("failed");
    expect((await t.db.select().from(outbox))[0]).toMatchObject({ status: "failed", attempts: 1, lastError: "550 no such user" });
    expect(await retryOutboxMessage(id)).toBe(true);
    expect(await job(claimed!.id)).toMatchObject({ status: "queued", attempts: 0 });
    expect(await retryOutboxMessage(id)).toBe(false);
    await claimJob({ worker: "w1", leaseMs: LEASE });
    expect(await markOutboxSent(id, { messageId: "<m@x>" })).toBe(true);
    expect(await markOutboxSent(id, { messageId: "<other@x>" })).toBe(false);
    await recordOutboxFailure(id, "late failure", true);
    expect((await t.db.select().from(outbox))[0]).toMatchObject({ status: "sent", messageId: "<m@x>", lastError: null });
  });
});

describe("completeJob and heartbeatJob", () => {
  it("complete marks done, only for the worker that holds the job", async () => {
    const id = (await enqueueJob({ kind: "a" }))!;
    await claimJob({ worker: "w1", leaseMs: LEASE });
    expect(await completeJob(id, "w2")).toBe(false);
    expect(await completeJob(id, "w1")).toBe(true);
    expect(await job(id)).toMatchObject({ status: "done", leaseUntil: null });
    expect((await job(id)).finishedAt).not.toBeNull();
    expect(await completeJob(id, "w1")).toBe(false);
  });

  it("heartbeat extends the lease of its own running job only", async () => {
    const id = (await enqueueJob({ kind: "a" }))!;
    const claimed = await claimJob({ worker: "w1", leaseMs: 1000 });
    expect(await heartbeatJob(id, "w2", 3_600_000)).toBe(false);
    expect((await job(id)).leaseUntil).toEqual(claimed!.leaseUntil);
    expect(await heartbeatJob(id, "w1", 3_600_000)).toBe(true);
    expect((await job(id)).leaseUntil!.getTime()).toBeGreaterThan((await dbNow()).getTime() + 3_500_000);
    await completeJob(id, "w1");
    expect(await heartbeatJob(id, "w1", 3_600_000)).toBe(false);
  });
});

describe("failJob", () => {
  it("requeues with exponential backoff and keeps the error, then fails after max_attempts", async () => {
    const id = (await enqueueJob({ kind: "a", maxAttempts: 3 }))!;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      // Make the retry ready now, so the next claim takes it.
      await t.db
        .update(jobs)
        .set({ runAfter: sql`now()` })
        .where(eq(jobs.id, id));
      expect((await claimJob({ worker: "w1", leaseMs: LEASE }))?.attempts).toBe(attempt);
      const before = await dbNow();
      expect(await failJob(id, "w1", `SMTP down (${attempt})`, { retry: RETRY })).toBe("retry");
      const row = await job(id);
      expect(row).toMatchObject({ status: "queued", lastError: `SMTP down (${attempt})`, lockedBy: null, leaseUntil: null });
      waits.push(row.runAfter.getTime() - before.getTime());
    }
    // 60 s then 120 s, each ±10 %.
    expect(waits[0]).toBeGreaterThan(0.85 * 60_000);
    expect(waits[0]).toBeLessThan(1.15 * 60_000);
    expect(waits[1]).toBeGreaterThan(0.85 * 120_000);
    expect(waits[1]).toBeLessThan(1.15 * 120_000);
    expect(await claimJob({ worker: "w1", leaseMs: LEASE })).toBeNull();
    await t.db
      .update(jobs)
      .set({ runAfter: sql`now()` })
      .where(eq(jobs.id, id));
    expect((await claimJob({ worker: "w1", leaseMs: LEASE }))?.attempts).toBe(3);
    expect(await failJob(id, "w1", "still down", { retry: RETRY })).toBe("failed");
    expect(await job(id)).toMatchObject({ status: "failed", lastError: "still down", attempts: 3 });
    expect((await job(id)).finishedAt).not.toBeNull();
    expect(await claimJob({ worker: "w1", leaseMs: LEASE })).toBeNull();
    // An admin's retry queues it again with fresh attempts.
    expect(await retryFailedJob(id)).toBe(true);
    expect(await job(id)).toMatchObject({ status: "queued", attempts: 0 });
    expect(await retryFailedJob(id)).toBe(false);
  });

  it("the backoff is capped", async () => {
    const id = (await enqueueJob({ kind: "a", maxAttempts: 50 }))!;
    await t.db.update(jobs).set({ attempts: 30 }).where(eq(jobs.id, id));
    await claimJob({ worker: "w1", leaseMs: LEASE });
    const before = await dbNow();
    expect(await failJob(id, "w1", "down", { retry: { baseMs: 1000, maxMs: 5000 } })).toBe("retry");
    const wait = (await job(id)).runAfter.getTime() - before.getTime();
    expect(wait).toBeGreaterThan(4000);
    expect(wait).toBeLessThan(6000);
  });

  it("a permanent failure fails at once; a worker that lost the job cannot fail it", async () => {
    const id = (await enqueueJob({ kind: "a" }))!;
    await claimJob({ worker: "w1", leaseMs: LEASE });
    expect(await failJob(id, "w2", "not mine", { retry: RETRY })).toBe("lost");
    expect(await failJob(id, "w1", "address refused", { permanent: true, retry: RETRY })).toBe("failed");
    expect(await job(id)).toMatchObject({ status: "failed", attempts: 1, lastError: "address refused" });
  });
});

describe("reapExpiredJobs", () => {
  it("requeues running jobs whose lease expired; their old worker can no longer finish them", async () => {
    const expiring = (await enqueueJob({ kind: "a", maxAttempts: 2 }))!;
    const healthy = (await enqueueJob({ kind: "a", runAfter: new Date(Date.now() + 1000) }))!;
    await claimJob({ worker: "dead", leaseMs: 50 });
    await until(async () => (await jobWorkWaiting()).expired, "the lease to expire");
    expect(await reapExpiredJobs()).toEqual([expiring]);
    expect(await job(expiring)).toMatchObject({ status: "queued", lockedBy: null, attempts: 1 });
    expect((await job(expiring)).lastError).toMatch(/lease expired.*dead/);
    expect(await completeJob(expiring, "dead")).toBe(false);
    expect(await heartbeatJob(expiring, "dead", LEASE)).toBe(false);
    // Claimed again; a second expiry on its last attempt fails it.
    expect((await claimJob({ worker: "w2", leaseMs: 50 }))?.id).toBe(expiring);
    await until(async () => (await jobWorkWaiting()).expired, "the second lease to expire");
    expect(await reapExpiredJobs()).toEqual([expiring]);
    expect(await job(expiring)).toMatchObject({ status: "failed", attempts: 2 });
    expect((await job(healthy)).status).toBe("queued");
    expect(await reapExpiredJobs()).toEqual([]);
  });

  it("leaves leases that have not expired", async () => {
    const id = (await enqueueJob({ kind: "a" }))!;
    await claimJob({ worker: "w1", leaseMs: LEASE });
    expect(await jobWorkWaiting()).toMatchObject({ ready: false, expired: false });
    expect(await reapExpiredJobs()).toEqual([]);
    expect((await job(id)).status).toBe("running");
  });
});

describe("concurrent claimers", () => {
  it("never give one job to two workers (PostgreSQL: two pools, many connections)", async () => {
    const total = 40;
    for (let i = 0; i < total; i++) await enqueueJob({ kind: "a", payload: { i } });
    let second: DbHandle | undefined;
    let url: string | undefined;
    if (testDatabaseKind() === "postgres") {
      // The same database as the test's, through a pool of its own.
      const [row] = await t.db.select({ name: sql<string>`current_database()` }).from(sql`(select 1) as one`);
      url = await createTestDatabaseUrl();
      await dropTestDatabase(url);
      const parsed = new URL(url);
      parsed.pathname = `/${row!.name}`;
      second = await openPostgres(parsed.toString(), { max: 6 });
    }
    try {
      const claimers = [t.db, second?.db ?? t.db];
      const claims: (JobRow | null)[] = [];
      // Waves of 16 claims at once, alternating pools, until the queue is empty.
      for (let wave = 0; claims.filter(Boolean).length < total && wave < 20; wave++) {
        const results = await Promise.all(
          Array.from({ length: 16 }, (_, n) => claimJob({ worker: `w${n % 2}-${n}`, leaseMs: LEASE }, claimers[n % 2])),
        );
        claims.push(...results);
      }
      const ids = claims.filter((claim): claim is JobRow => claim !== null).map((claim) => claim.id);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      const rows = await listJobs({ limit: 1000 });
      expect(rows.every((row) => row.status === "running" && row.attempts === 1)).toBe(true);
    } finally {
      await second?.close();
    }
  });
});
