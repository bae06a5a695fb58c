import "server-only";
/**
 * A replica's bookkeeping (issue 12, item 2; lib/server/replica/sync.ts): the cursor per master, a
 * lease so one sync at a time reads a master's feed, and the refused entries with their reasons.
 */
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { ReplicaStatus } from "@/lib/entries/replication-schemas";
import { replicaRefusals, replicaSources } from "./schema";
import { withDb } from "./with-db";

/** Takes the master's lease for `seconds` (creating its row on first use); undefined while another sync holds it. Returns the cursor. */
export async function leaseReplicaSource(master: string, seconds: number): Promise<{ cursor: number } | undefined> {
  return withDb("taking a replication lease", async (db) => {
    await db.insert(replicaSources).values({ master }).onConflictDoNothing();
    const [row] = await db
      .update(replicaSources)
      .set({ leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
      .where(and(eq(replicaSources.master, master), or(isNull(replicaSources.leaseUntil), lt(replicaSources.leaseUntil, sql`now()`))))
      .returning({ cursor: replicaSources.cursor });
    return row;
  });
}

export interface ReplicaOutcome {
  seq: number;
  copied: boolean;
  /** Why the entry was refused; the refusal is recorded with it. */
  refusal?: { identifier?: string; email?: string; created?: string; reason: string };
}

/** Moves the cursor past one feed item, counting it as copied or refused (the refusal recorded once per master and seq). */
export async function advanceReplicaCursor(master: string, outcome: ReplicaOutcome): Promise<void> {
  await withDb("advancing a replication cursor", (db) =>
    db.transaction(async (tx) => {
      if (outcome.refusal) {
        await tx
          .insert(replicaRefusals)
          .values({ master, seq: outcome.seq, ...outcome.refusal, reason: outcome.refusal.reason.slice(0, 2000) })
          .onConflictDoNothing();
      }
      await tx
        .update(replicaSources)
        .set({
          cursor: sql`greatest(${replicaSources.cursor}, ${outcome.seq})`,
          copied: outcome.copied ? sql`${replicaSources.copied} + 1` : replicaSources.copied,
          refused: outcome.refusal ? sql`${replicaSources.refused} + 1` : replicaSources.refused,
        })
        .where(eq(replicaSources.master, master));
    }),
  );
}

/** Ends a sync: its time, why it could not read the master (or null), and the lease released. */
export async function finishReplicaSync(master: string, error: string | null): Promise<void> {
  await withDb("ending a replication sync", (db) =>
    db
      .update(replicaSources)
      .set({ lastSyncAt: sql`now()`, lastError: error?.slice(0, 2000) ?? null, leaseUntil: null })
      .where(eq(replicaSources.master, master)),
  );
}

/** What `GET /api/v1/replica` and the /replica page show: the configured masters (in their order) and the newest refusals. */
export async function replicaStatus(type: "master" | "replica", masters: readonly string[]): Promise<ReplicaStatus> {
  return withDb("reading the replica's state", async (db) => {
    const sources =
      masters.length > 0
        ? await db
            .select()
            .from(replicaSources)
            .where(inArray(replicaSources.master, [...masters]))
        : [];
    const refused =
      masters.length > 0
        ? await db
            .select()
            .from(replicaRefusals)
            .where(inArray(replicaRefusals.master, [...masters]))
            .orderBy(desc(replicaRefusals.at), desc(replicaRefusals.id))
            .limit(500)
        : [];
    const bySource = new Map(sources.map((row) => [row.master, row]));
    return {
      type,
      masters: masters.map((master) => {
        const row = bySource.get(master);
        return {
          master,
          cursor: row?.cursor ?? 0,
          copied: row?.copied ?? 0,
          refused: row?.refused ?? 0,
          ...(row?.lastSyncAt ? { lastSyncAt: row.lastSyncAt.toISOString() } : {}),
          ...(row?.lastError ? { lastError: row.lastError } : {}),
        };
      }),
      refused: refused.map((row) => ({
        master: row.master,
        seq: row.seq,
        ...(row.identifier ? { identifier: row.identifier } : {}),
        ...(row.email ? { email: row.email } : {}),
        ...(row.created ? { created: row.created } : {}),
        reason: row.reason,
        at: row.at.toISOString(),
      })),
    };
  });
}
