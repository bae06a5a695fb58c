/** A replica's bookkeeping (db/replica.ts): one sync at a time per master, the cursor, the refusals once each. */
import { beforeEach, describe, expect, it } from "vitest";
import { advanceReplicaCursor, finishReplicaSync, leaseReplicaSource, replicaStatus } from "./replica";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());
const M = "https://master.example.net/";
const N = "https://other.example.net/";

describe("a replica's bookkeeping", () => {
  it("lets one sync at a time hold a master, until it ends", async () => {
    expect(await leaseReplicaSource(M, 60)).toEqual({ cursor: 0 });
    expect(await leaseReplicaSource(M, 60)).toBeUndefined();
    expect(await leaseReplicaSource(N, 60)).toEqual({ cursor: 0 });
    await finishReplicaSync(M, null);
    expect(await leaseReplicaSource(M, 60)).toEqual({ cursor: 0 });
  });

  it("moves the cursor forward only, counts copies and refusals, and records a refusal once", async () => {
    await leaseReplicaSource(M, 60);
    await advanceReplicaCursor(M, { seq: 3, copied: true });
    const refusal = {
      identifier: "id",
      email: "a@example.org",
      created: "2026-01-01T00:00:00Z",
      reason: "invalid metadata: older than latest entry",
    };
    await advanceReplicaCursor(M, { seq: 5, copied: false, refusal });
    await advanceReplicaCursor(M, { seq: 4, copied: false });
    await finishReplicaSync(M, "master.example.net could not be read: timeout");
    const state = await replicaStatus("replica", [M, N]);
    expect(state.masters).toEqual([
      expect.objectContaining({ master: M, cursor: 5, copied: 1, refused: 1, lastError: "master.example.net could not be read: timeout" }),
      { master: N, cursor: 0, copied: 0, refused: 0 },
    ]);
    expect(state.refused).toEqual([expect.objectContaining({ master: M, seq: 5, ...refusal })]);
    // The same item again (a sync cut short before its cursor moved): one refusal row still.
    await advanceReplicaCursor(M, { seq: 5, copied: false, refusal });
    expect((await replicaStatus("replica", [M])).refused).toHaveLength(1);
    // A master no longer configured is not shown.
    expect((await replicaStatus("replica", [N])).refused).toEqual([]);
  });
});
