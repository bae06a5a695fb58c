import "server-only";
/**
 * The wizard's drafts (issue 11). Who may see one is decided here: every call takes the owner, and a
 * draft of someone else is not found, the same 404 as one that does not exist. A save names the
 * revision it was made on; if the draft has moved on since (another tab, another device), the save is
 * a conflict and the newer draft is kept, so nothing typed elsewhere is silently lost.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { MAX_DRAFTS, stepOf, type DraftData, type DraftFlow } from "@/lib/wizard/draft";
import { drafts, type DraftRow } from "./schema";
import { withDb } from "./with-db";

export type { DraftRow };

const DRAFT_ID = /^dr_[A-Za-z0-9_-]{16}$/;

export async function createDraft(ownerId: string, flow: DraftFlow, data: DraftData = {}): Promise<DraftRow> {
  return withDb("starting a draft", (db) =>
    db.transaction(async (tx) => {
      // One owner's concurrent starts are serialised, so the limit holds under a burst.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`drafts:${ownerId}`}))`);
      const [count] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(drafts)
        .where(eq(drafts.ownerId, ownerId));
      if ((count?.n ?? 0) >= MAX_DRAFTS)
        throw new AppError("conflict", `you already have ${MAX_DRAFTS} drafts: delete some in "My drafts" before starting another`);
      const id = `dr_${randomBytes(12).toString("base64url")}`;
      const [row] = await tx
        .insert(drafts)
        .values({ id, ownerId, flow, step: stepOf(flow, undefined), data })
        .returning();
      return row!;
    }),
  );
}

export async function getDraft(ownerId: string, id: string): Promise<DraftRow> {
  const row = DRAFT_ID.test(id)
    ? await withDb("reading a draft", async (db) => {
        const [found] = await db
          .select()
          .from(drafts)
          .where(and(eq(drafts.id, id), eq(drafts.ownerId, ownerId)));
        return found;
      })
    : undefined;
  if (!row) throw new AppError("not_found", `no draft ${id.slice(0, 40)} of yours`);
  return row;
}

/** The owner's drafts, the most recently changed first. */
export async function listDrafts(ownerId: string): Promise<DraftRow[]> {
  return withDb("listing drafts", (db) =>
    db.select().from(drafts).where(eq(drafts.ownerId, ownerId)).orderBy(desc(drafts.updatedAt), desc(drafts.id)).limit(MAX_DRAFTS),
  );
}

/** Saves a step: the draft as it was at `revision` becomes `data` at `step`, revision + 1. */
export async function saveDraft(
  ownerId: string,
  id: string,
  change: { step: string; data: DraftData; revision: number },
): Promise<DraftRow> {
  const current = await getDraft(ownerId, id);
  const [row] = await withDb("saving a draft", (db) =>
    db
      .update(drafts)
      .set({
        step: stepOf(current.flow, change.step),
        data: change.data,
        revision: sql`${drafts.revision} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(drafts.id, id), eq(drafts.ownerId, ownerId), eq(drafts.revision, change.revision)))
      .returning(),
  );
  if (!row) {
    throw new AppError(
      "conflict",
      "this draft was changed elsewhere (another tab or device) since you opened it: reload it to see the newer version",
      { revision: current.revision },
    );
  }
  return row;
}

export async function deleteDraft(ownerId: string, id: string): Promise<void> {
  await getDraft(ownerId, id);
  await withDb("deleting a draft", (db) => db.delete(drafts).where(and(eq(drafts.id, id), eq(drafts.ownerId, ownerId))));
}
