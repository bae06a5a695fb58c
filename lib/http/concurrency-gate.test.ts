import { describe, expect, it } from "vitest";
import { ConcurrencyGate } from "./concurrency-gate";

describe("ConcurrencyGate", () => {
  it("lets `limit` through, queues `maxWaiting` in order, and answers the rest 503 with Retry-After", async () => {
    const gate = new ConcurrencyGate({ limit: 2, maxWaiting: 1, maxWaitMs: 1_000, retryAfterSeconds: 7, busyMessage: "busy" });
    const first = await gate.acquire();
    const second = await gate.acquire();
    const third = gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ status: 503, details: { retryAfter: 7 }, message: "busy" });
    first();
    first(); // releasing twice frees one place only
    const release = await third;
    expect(gate.inUse).toBe(2);
    second();
    release();
    expect(gate.inUse).toBe(0);
  });

  it("refuses a waiter after the longest wait", async () => {
    const gate = new ConcurrencyGate({ limit: 1, maxWaiting: 5, maxWaitMs: 20, retryAfterSeconds: 1, busyMessage: "busy" });
    const held = await gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ code: "unavailable" });
    held();
  });

  it("lets a waiter whose client left give up its turn, so the place goes to the next one", async () => {
    const gate = new ConcurrencyGate({ limit: 1, maxWaiting: 5, maxWaitMs: 60_000, retryAfterSeconds: 1, busyMessage: "busy" });
    const held = await gate.acquire();
    const leaving = new AbortController();
    const abandoned = gate.acquire(leaving.signal);
    const next = gate.acquire();
    expect(gate.queued).toBe(2);
    leaving.abort(new Error("client gone"));
    await expect(abandoned).rejects.toThrow("client gone");
    expect(gate.queued).toBe(1);
    held();
    const release = await next;
    expect(gate.inUse).toBe(1);
    release();
    expect(gate.inUse).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it("refuses at once a request whose client has already left", async () => {
    const gate = new ConcurrencyGate({ limit: 1, maxWaiting: 5, maxWaitMs: 60_000, retryAfterSeconds: 1, busyMessage: "busy" });
    const gone = new AbortController();
    gone.abort(new Error("client gone"));
    await expect(gate.acquire(gone.signal)).rejects.toThrow("client gone");
    expect(gate.inUse).toBe(0);
  });
});
