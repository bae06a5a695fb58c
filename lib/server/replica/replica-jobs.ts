import "server-only";
/**
 * A replica's schedule (issue 12, item 2): one `replica-sync` job per master and period of
 * REPLICA_SYNC_SECONDS, so however many instances schedule it, each period syncs each master once;
 * a sync still running when the next period starts holds the master's lease and the next one skips.
 */
import type { JobRow } from "@/db/schema";
import type { JobContext } from "../jobs/registry";
import { syncFromMaster } from "./sync";

export const REPLICA_SYNC_JOB = "replica-sync";

export function replicaJobKeys(
  now: Date,
  masters: readonly string[],
  seconds: number,
): { kind: string; uniqueKey: string; period: string }[] {
  if (masters.length === 0) return [];
  const period = String(Math.floor(now.getTime() / (seconds * 1000)));
  return masters.map((master) => ({ kind: REPLICA_SYNC_JOB, uniqueKey: `${REPLICA_SYNC_JOB}:${master}:${period}`, period, master }));
}

export async function runReplicaSync(job: JobRow, context: JobContext): Promise<void> {
  const master = job.payload.master;
  if (typeof master !== "string") return;
  await syncFromMaster(master, context.signal);
}
