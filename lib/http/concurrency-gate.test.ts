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
});
