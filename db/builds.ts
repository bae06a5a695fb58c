import "server-only";
/**
 * The image builds' data (issue 10). Who may see a build is decided here: every read takes the
 * actor, and a build that is not theirs (unless they are an admin) is not found, the same 404 as a
 * build that does not exist. The worker's writes are fenced by the build's attempt: a worker whose
 * attempt was superseded (it was presumed dead and the build ran again, or the build was cancelled)
 * changes nothing.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, inArray, lt, notInArray, or, sql } from "drizzle-orm";
import type { BuildArtifactRecord, BuildBootResult, BuildStatus, ImageBootTest } from "@/lib/build/build-status";
import { AppError } from "@/lib/errors";
import type { Db } from "./client";
import { enqueueJob } from "./jobs";
import { buildEvents, builds, jobs, type BuildEventRow, type BuildRow } from "./schema";
import { withDb } from "./with-db";

export const BUILD_JOB = "build";

export interface BuildActor {
  userId: string;
  admin: boolean;
}

/** At most this many builds of one user are queued or running at once. */
export const MAX_ACTIVE_BUILDS = 2;

const ACTIVE: BuildStatus[] = ["queued", "running"];

function newBuildId(): string {
  return `b_${randomBytes(12).toString("base64url")}`;
}

/** A new build of `recipe` for `ownerId`, queued in the same transaction as its job. */
export async function createBuild(
  ownerId: string,
  recipe: Record<string, unknown>,
  baseUrl: string,
  options: { maxAttempts?: number } = {},
): Promise<BuildRow> {
  return withDb("creating a build", (db) =>
    db.transaction(async (tx) => {
      // Serialises one owner's concurrent requests, so the quota below holds under a burst.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`builds:${ownerId}`}))`);
      const [active] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(builds)
        .where(and(eq(builds.ownerId, ownerId), inArray(builds.status, ACTIVE)));
      if ((active?.n ?? 0) >= MAX_ACTIVE_BUILDS) {
        throw new AppError(
          "rate_limited",
          `you already have ${MAX_ACTIVE_BUILDS} builds queued or running: wait for one to finish, or cancel one`,
          { retryAfter: 60 },
        );
      }
      const [row] = await tx.insert(builds).values({ id: newBuildId(), ownerId, recipe, baseUrl }).returning();
      await enqueueJob({ kind: BUILD_JOB, payload: { buildId: row!.id }, maxAttempts: options.maxAttempts ?? 2 }, tx);
      await appendEvent(tx, row!.id, "status", "queued");
      return row!;
    }),
  );
}

const visible = (actor: BuildActor) => (actor.admin ? undefined : eq(builds.ownerId, actor.userId));

/** The build, if the actor may see it; otherwise not_found (never "forbidden": ids are not confirmed). */
export async function getBuildFor(actor: BuildActor, id: string): Promise<BuildRow> {
  const row = await withDb("reading a build", async (db) => {
    const [found] = await db
      .select()
      .from(builds)
      .where(and(eq(builds.id, id), visible(actor)));
    return found;
  });
  if (!row) throw new AppError("not_found", `no build ${id}`);
  return row;
}

/** The actor's builds, newest first, `limit` from before the cursor (the createdAt|id of the last one seen). */
export async function listBuildsFor(
  actor: BuildActor,
  options: { limit: number; before?: { createdAt: Date; id: string } },
): Promise<BuildRow[]> {
  return withDb("listing builds", (db) =>
    db
      .select()
      .from(builds)
      .where(
        and(
          eq(builds.ownerId, actor.userId),
          options.before
            ? or(
                lt(builds.createdAt, options.before.createdAt),
                and(eq(builds.createdAt, options.before.createdAt), lt(builds.id, options.before.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(builds.createdAt), desc(builds.id))
      .limit(options.limit),
  );
}

/** Bytes the owner's succeeded builds keep in the store (the quota). */
export async function bytesStoredBy(ownerId: string): Promise<number> {
  return withDb("counting stored bytes", async (db) => {
    const [row] = await db
      .select({ n: sql<string>`coalesce(sum(${builds.bytesStored}), 0)::text` })
      .from(builds)
      .where(eq(builds.ownerId, ownerId));
    return Number(row?.n ?? 0);
  });
}

/** Asks a build to stop: a queued one is cancelled at once, a running one at its worker's next step. */
export async function cancelBuild(actor: BuildActor, id: string): Promise<BuildRow> {
  const build = await getBuildFor(actor, id);
  if (!ACTIVE.includes(build.status))
    throw new AppError("conflict", `the build is ${build.status}: only a queued or running build can be cancelled`);
  return withDb("cancelling a build", (db) =>
    db.transaction(async (tx) => {
      const [queued] = await tx
        .update(builds)
        .set({ status: "cancelled", cancelRequested: true, finishedAt: sql`now()`, error: "cancelled before it started" })
        .where(and(eq(builds.id, id), eq(builds.status, "queued")))
        .returning();
      if (queued) {
        await appendEvent(tx, id, "status", "cancelled");
        return queued;
      }
      const [running] = await tx.update(builds).set({ cancelRequested: true }).where(eq(builds.id, id)).returning();
      await appendEvent(tx, id, "log", "cancel requested");
      return running!;
    }),
  );
}

/**
 * A succeeded build's artifact by name, for its public URL. No actor: that URL is the location of a
 * published entry, downloaded by clouds without an account, and its random build id is the capability.
 */
export async function getSucceededArtifact(id: string, name: string): Promise<BuildArtifactRecord | undefined> {
  const row = await withDb("reading a build's image", async (db) => {
    const [found] = await db
      .select({ artifacts: builds.artifacts })
      .from(builds)
      .where(and(eq(builds.id, id), eq(builds.status, "succeeded")));
    return found;
  });
  return row?.artifacts.find((artifact) => artifact.name === name);
}

/**
 * The latest boot test of a build of ours whose image has one of these SHA-256 or SHA-512 digests
 * (an entry's signed checksums): the bytes are what booted, whoever signed the entry.
 */
export async function bootTestOfImage(digests: { sha256?: string; sha512?: string }): Promise<ImageBootTest | undefined> {
  const wanted = [
    // As the original's tools printed them, a signed digest may have lost its leading zeros.
    ...(digests.sha256 ? [[{ sha256: digests.sha256.toLowerCase().padStart(64, "0") }]] : []),
    ...(digests.sha512 ? [[{ sha512: digests.sha512.toLowerCase().padStart(128, "0") }]] : []),
  ];
  if (wanted.length === 0) return undefined;
  const row = await withDb("reading an image's boot test", async (db) => {
    const [found] = await db
      .select({ boot: builds.boot, recipe: builds.recipe, finishedAt: builds.finishedAt })
      .from(builds)
      .where(
        and(
          eq(builds.status, "succeeded"),
          sql`${builds.boot} is not null`,
          or(...wanted.map((value) => sql`${builds.artifacts} @> ${JSON.stringify(value)}::jsonb`)),
        ),
      )
      .orderBy(desc(builds.finishedAt))
      .limit(1);
    return found;
  });
  if (!row?.boot) return undefined;
  const context = Array.isArray(row.recipe.context) ? row.recipe.context.filter((c): c is string => typeof c === "string") : [];
  return { passed: row.boot.passed, seconds: row.boot.seconds, context, at: row.finishedAt ?? new Date(0) };
}

/**
 * Deletes a finished build of the actor's, after `removeImages` has removed its images (so a failure
 * there leaves the build, and its quota, as they were, to try again). Active builds are cancelled first.
 */
export async function deleteBuild(actor: BuildActor, id: string, removeImages: (id: string) => Promise<void>): Promise<void> {
  const build = await getBuildFor(actor, id);
  const refuse = (status: string) =>
    new AppError("conflict", `the build is ${status}: cancel it first (POST /api/v1/builds/${id}/cancel), then delete it`);
  if (ACTIVE.includes(build.status)) throw refuse(build.status);
  await removeImages(id);
  const deleted = await withDb("deleting a build", (db) =>
    db
      .delete(builds)
      .where(and(eq(builds.id, id), notInArray(builds.status, ACTIVE)))
      .returning({ id: builds.id }),
  );
  if (deleted.length === 0) throw refuse("queued again");
}

/** A failed or cancelled build queued again, as a new attempt with its events kept. */
export async function retryBuild(actor: BuildActor, id: string): Promise<BuildRow> {
  const build = await getBuildFor(actor, id);
  if (build.status !== "failed" && build.status !== "cancelled") {
    throw new AppError("conflict", `the build is ${build.status}: only a failed or cancelled build can be retried`);
  }
  return withDb("retrying a build", (db) =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .update(builds)
        .set({ status: "queued", stage: null, percent: 0, error: null, cancelRequested: false, finishedAt: null, worker: null })
        .where(and(eq(builds.id, id), inArray(builds.status, ["failed", "cancelled"])))
        .returning();
      if (!row) throw new AppError("conflict", "the build changed meanwhile: look again");
      await enqueueJob({ kind: BUILD_JOB, payload: { buildId: id }, maxAttempts: 2 }, tx);
      await appendEvent(tx, id, "status", "queued");
      return row;
    }),
  );
}

// ---- the worker's side -------------------------------------------------------------------------

/**
 * The worker takes the build for a new attempt: running, attempt + 1. Null when there is nothing to
 * run (cancelled while queued, already finished, or gone). A build found running belongs to a worker
 * that died (its job's lease expired): it runs again, and the log says so.
 */
export async function startBuildAttempt(id: string, worker: string): Promise<BuildRow | null> {
  return withDb("starting a build", (db) =>
    db.transaction(async (tx) => {
      const [before] = await tx.select().from(builds).where(eq(builds.id, id)).for("update");
      if (!before || !ACTIVE.includes(before.status) || before.cancelRequested) {
        if (before && before.status === "running") {
          await tx
            .update(builds)
            .set({ status: "cancelled", finishedAt: sql`now()`, error: "cancelled" })
            .where(eq(builds.id, id));
          await appendEvent(tx, id, "status", "cancelled");
        }
        return null;
      }
      if (before.status === "running")
        await appendEvent(tx, id, "log", `the worker ${before.worker ?? "?"} stopped during attempt ${before.attempt}: building again`);
      const [row] = await tx
        .update(builds)
        .set({ status: "running", attempt: before.attempt + 1, worker, stage: null, percent: 0, startedAt: sql`now()`, error: null })
        .where(eq(builds.id, id))
        .returning();
      await appendEvent(tx, id, "status", "running");
      return row!;
    }),
  );
}

const fence = (id: string, attempt: number) => and(eq(builds.id, id), eq(builds.attempt, attempt), eq(builds.status, "running"));

/** Records progress; answers whether the build should go on (false: cancelled, or the attempt superseded). */
export async function reportBuildProgress(id: string, attempt: number, stage: string, percent: number): Promise<boolean> {
  return withDb("recording build progress", (db) =>
    db.transaction(async (tx) => {
      const rows = await tx
        .update(builds)
        .set({ stage, percent: Math.max(0, Math.min(100, Math.round(percent))) })
        .where(fence(id, attempt))
        .returning({ cancel: builds.cancelRequested });
      if (rows.length === 0) return false;
      await appendEvent(tx, id, "stage", `${stage} ${Math.round(percent)}`);
      return !rows[0]!.cancel;
    }),
  );
}

/** Whether the attempt may go on: still the build's, and not asked to stop. */
export async function buildMayContinue(id: string, attempt: number): Promise<boolean> {
  return withDb("checking a build", async (db) => {
    const [row] = await db.select({ cancel: builds.cancelRequested }).from(builds).where(fence(id, attempt));
    return row !== undefined && !row.cancel;
  });
}

export async function appendBuildLog(id: string, attempt: number, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  await withDb("writing a build log", (db) =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: builds.id })
        .from(builds)
        .where(and(eq(builds.id, id), eq(builds.attempt, attempt)))
        .for("update");
      if (!row) return;
      for (const line of lines) await appendEvent(tx, id, "log", line);
    }),
  );
}

export interface BuildOutcome {
  status: Extract<BuildStatus, "succeeded" | "failed" | "cancelled">;
  error?: string;
  artifacts?: BuildArtifactRecord[];
  metadataXml?: string;
  record?: Record<string, unknown>;
  boot?: BuildBootResult | null;
  bytesStored?: number;
}

/** Ends the attempt; false when it was no longer the build's (nothing written). */
export async function finishBuild(id: string, attempt: number, outcome: BuildOutcome): Promise<boolean> {
  return withDb("finishing a build", (db) =>
    db.transaction(async (tx) => {
      const rows = await tx
        .update(builds)
        .set({
          status: outcome.status,
          error: outcome.error ?? null,
          artifacts: outcome.artifacts ?? [],
          metadataXml: outcome.metadataXml ?? null,
          record: outcome.record ?? null,
          boot: outcome.boot ?? null,
          bytesStored: outcome.bytesStored ?? 0,
          percent: outcome.status === "succeeded" ? 100 : sql`${builds.percent}`,
          finishedAt: sql`now()`,
        })
        .where(fence(id, attempt))
        .returning({ id: builds.id });
      if (rows.length === 0) return false;
      await appendEvent(tx, id, "status", outcome.status);
      return true;
    }),
  );
}

/**
 * Builds left "running" whose job is no longer running anywhere (failed by the reaper after its last
 * attempt, or lost): marked failed. Run at a worker's start and by the reaper's caller.
 */
export async function failOrphanedBuilds(): Promise<string[]> {
  return withDb("failing orphaned builds", async (db) => {
    const live = db
      .select({ id: sql`(${jobs.payload} ->> 'buildId')` })
      .from(jobs)
      .where(and(eq(jobs.kind, BUILD_JOB), inArray(jobs.status, ["queued", "running"])));
    const rows = await db
      .update(builds)
      .set({ status: "failed", finishedAt: sql`now()`, error: "the worker running this build stopped, and it was not run again" })
      .where(and(inArray(builds.status, ACTIVE), sql`${builds.id} not in (${live})`))
      .returning({ id: builds.id });
    for (const row of rows) await db.transaction((tx) => appendEvent(tx, row.id, "status", "failed"));
    return rows.map((row) => row.id);
  });
}

// ---- events ------------------------------------------------------------------------------------

async function appendEvent(tx: Pick<Db, "insert" | "select">, buildId: string, type: string, data: string): Promise<void> {
  await tx.insert(buildEvents).values({
    buildId,
    seq: sql`(select coalesce(max(${buildEvents.seq}), 0) + 1 from ${buildEvents} where ${buildEvents.buildId} = ${buildId})`,
    type,
    data: data.slice(0, 4000),
  });
}

/** The build's events after `afterSeq` (the Last-Event-ID a client saw), oldest first. */
export async function buildEventsAfter(buildId: string, afterSeq: number, limit = 500): Promise<BuildEventRow[]> {
  return withDb("reading build events", (db) =>
    db
      .select()
      .from(buildEvents)
      .where(and(eq(buildEvents.buildId, buildId), gt(buildEvents.seq, afterSeq)))
      .orderBy(buildEvents.seq)
      .limit(limit),
  );
}
