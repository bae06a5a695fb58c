import { describe, expect, it } from "vitest";
import { FairScheduler, SchedulerBusyError, type OperationClass } from "./fair-scheduler";

/** A scheduler on a fake clock: each operation "takes" the time it says, in order. */
function harness(options: Partial<ConstructorParameters<typeof FairScheduler>[0]> = {}) {
  let now = 0;
  const scheduler = new FairScheduler({
    maxQueued: { read: 1000, write: 1000, maintenance: 10 },
    maxWaitMs: 60_000,
    maintenanceMaxWaitMs: 30_000,
    now: () => now,
    ...options,
  });
  const order: string[] = [];
  const op = (cls: OperationClass, name: string, ms: number) =>
    scheduler.run(cls, async () => {
      order.push(name);
      now += ms;
    });
  return { scheduler, order, op, advance: (ms: number) => (now += ms) };
}

describe("FairScheduler", () => {
  it("runs one operation at a time", async () => {
    const { scheduler } = harness();
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        scheduler.run(i % 2 ? "read" : "write", async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 1));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("shares time between a flood of writes and of reads by weight, whatever their sizes", async () => {
    const { op, order } = harness({ weights: { read: 1, write: 1 } });
    const all: Array<Promise<void>> = [];
    // 100 ms writes against 10 ms reads: equal time means about ten reads per write.
    for (let i = 0; i < 20; i++) all.push(op("write", `w${i}`, 100));
    for (let i = 0; i < 200; i++) all.push(op("read", `r${i}`, 10));
    await Promise.all(all);
    const firstHalf = order.slice(0, 110);
    const writes = firstHalf.filter((n) => n.startsWith("w")).length;
    expect(writes).toBeGreaterThanOrEqual(9);
    expect(writes).toBeLessThanOrEqual(11);
  });

  it("gives reads the larger share when weighted", async () => {
    const { op, order } = harness({ weights: { read: 4, write: 1 } });
    const all: Array<Promise<void>> = [];
    for (let i = 0; i < 50; i++) all.push(op("write", `w${i}`, 10));
    for (let i = 0; i < 200; i++) all.push(op("read", `r${i}`, 10));
    await Promise.all(all);
    const first = order.slice(0, 100);
    expect(first.filter((n) => n.startsWith("r")).length).toBeGreaterThanOrEqual(75);
    expect(first.filter((n) => n.startsWith("w")).length).toBeGreaterThanOrEqual(15);
  });

  it("does not let a class that was idle bank credit and then starve the other", async () => {
    const { op, order } = harness();
    await Promise.all(Array.from({ length: 50 }, (_, i) => op("write", `early w${i}`, 10)));
    const all: Array<Promise<void>> = [];
    for (let i = 0; i < 20; i++) all.push(op("write", `w${i}`, 10));
    for (let i = 0; i < 20; i++) all.push(op("read", `r${i}`, 10));
    await Promise.all(all);
    const later = order.slice(50, 70);
    expect(later.filter((n) => n.startsWith("w")).length).toBeGreaterThanOrEqual(8);
  });

  it("runs maintenance when nothing else waits, or once it has waited long enough", async () => {
    const { op, order, advance } = harness({ maintenanceMaxWaitMs: 100 });
    const all = [op("read", "r0", 10), op("maintenance", "vacuum", 50), op("read", "r1", 10), op("read", "r2", 10)];
    await Promise.all(all);
    expect(order).toEqual(["r0", "r1", "r2", "vacuum"]);
    order.length = 0;
    const overdue = [
      op("read", "a", 150),
      op("maintenance", "vacuum", 5),
      op("read", "b", 150),
      op("read", "c", 150),
      op("read", "d", 150),
    ];
    advance(0);
    await Promise.all(overdue);
    expect(order.indexOf("vacuum")).toBeLessThan(3);
  });

  it("runs the statements of the requests that arrived first first, whatever order the statements come in", async () => {
    const { scheduler, order, advance } = harness();
    let release!: () => void;
    const blocker = scheduler.run("write", () => new Promise<void>((r) => (release = r)));
    advance(100);
    // A request that arrived at 10 ms sends its second statement after two newer requests' first ones.
    const done = [
      scheduler.run("read", async () => void order.push("new 1"), 50),
      scheduler.run("read", async () => void order.push("new 2"), 60),
      scheduler.run("read", async () => void order.push("old, 2nd statement"), 10),
      scheduler.run("read", async () => void order.push("no request")),
      scheduler.run("read", async () => void order.push("new 1, 2nd statement"), 50),
    ];
    release();
    await Promise.all([blocker, ...done]);
    expect(order).toEqual(["old, 2nd statement", "new 1", "new 1, 2nd statement", "new 2", "no request"]);
  });

  it("refuses an overdue operation wherever its request's age put it in the queue", async () => {
    const { scheduler, op, advance } = harness({ maxWaitMs: 1_000 });
    let release!: () => void;
    const blocker = scheduler.run("write", () => new Promise<void>((r) => (release = r)));
    const overdue = op("read", "queued first, newer request", 1);
    advance(600);
    const older = scheduler.run("read", async () => undefined, -5_000);
    advance(600);
    release();
    await blocker;
    await expect(overdue).rejects.toBeInstanceOf(SchedulerBusyError);
    await expect(older).resolves.toBeUndefined();
  });

  it("refuses beyond its queue bound and after the longest wait, with a busy error (503)", async () => {
    const { scheduler, op, advance } = harness({ maxQueued: { read: 2, write: 2, maintenance: 1 }, maxWaitMs: 1_000 });
    let release!: () => void;
    const blocker = scheduler.run("write", () => new Promise<void>((r) => (release = r)));
    const queued = [op("read", "a", 1), op("read", "b", 1)];
    await expect(op("read", "c", 1)).rejects.toBeInstanceOf(SchedulerBusyError);
    advance(2_000);
    release();
    await blocker;
    const results = await Promise.allSettled(queued);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: "53300" });
  });

  it("on close refuses what waits and what comes, after the operation in flight", async () => {
    const { scheduler, op } = harness();
    let release!: () => void;
    const running = scheduler.run("read", () => new Promise<void>((r) => (release = r)));
    const waiting = op("read", "late", 1);
    const closed = scheduler.close(new Error("closing"));
    await expect(waiting).rejects.toThrow("closing");
    await expect(op("write", "after", 1)).rejects.toThrow("closing");
    release();
    await running;
    await closed;
  });
});
