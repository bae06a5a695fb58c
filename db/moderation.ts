import "server-only";
/**
 * Moderation: a moderator hides an entry (reason required) or shows it again. A hidden entry leaves
 * every listing, count, facet, search, tag and endorser lookup (db/list-sql.ts `visible`), and its
 * page and documents answer 410 with the reason; its signed bytes stay exactly as they are. Each
 * change writes its audit line and bumps the data version in its own transaction, so caches see it.
 */
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { HIDE_REASON_MAX } from "@/lib/accounts/admin-schemas";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { endorsers, entries } from "./schema";
import { recordAudit } from "./audit";
import { keyCondition } from "./get-entry";
import { bumpDataVersion, entryTarget, type Tx } from "./store-entry";
import { withDb } from "./with-db";

export interface Moderator {
  userId: string;
  email: string;
}

export interface HiddenState {
  reason: string;
  at: string;
  by: string | null;
}

/** Hides the entry; a second hide of a hidden entry is a 409 (its reason stays the first one). */
export async function hideEntry(key: EntryKey, reason: string, moderator: Moderator, address?: string | null): Promise<HiddenState> {
  const text = reason.trim();
  if (text.length < 1 || text.length > HIDE_REASON_MAX)
    throw new AppError("bad_request", `the reason is required: 1 to ${HIDE_REASON_MAX} characters`);
  const where = keyCondition(key);
  if (!where) throw new AppError("not_found", "no such metadata entry");
  return withDb("hiding an entry", (db) =>
    db.transaction(async (tx) => {
      const at = new Date();
      const rows = await tx
        .update(entries)
        .set({ hiddenReason: text, hiddenAt: at, hiddenBy: moderator.email })
        .where(and(where, isNull(entries.hiddenReason)))
        .returning({ id: entries.id });
      if (rows.length === 0) {
        const [exists] = await tx.select({ id: entries.id }).from(entries).where(where).limit(1);
        throw exists ? new AppError("conflict", "this entry is already hidden") : new AppError("not_found", "no such metadata entry");
      }
      await recountEndorser(tx, key.email);
      await recordAudit({ action: "entry-hidden", actor: moderator, target: entryTarget(key), address, details: { reason: text } }, tx);
      await bumpDataVersion(tx);
      return { reason: text, at: at.toISOString(), by: moderator.email };
    }),
  );
}

/** Shows a hidden entry again; showing one that is not hidden is a 409. */
export async function showEntry(key: EntryKey, moderator: Moderator, address?: string | null): Promise<void> {
  const where = keyCondition(key);
  if (!where) throw new AppError("not_found", "no such metadata entry");
  await withDb("showing an entry", (db) =>
    db.transaction(async (tx) => {
      const rows = await tx
        .update(entries)
        .set({ hiddenReason: null, hiddenAt: null, hiddenBy: null })
        .where(and(where, isNotNull(entries.hiddenReason)))
        .returning({ id: entries.id });
      if (rows.length === 0) {
        const [exists] = await tx.select({ id: entries.id }).from(entries).where(where).limit(1);
        throw exists ? new AppError("conflict", "this entry is not hidden") : new AppError("not_found", "no such metadata entry");
      }
      await recountEndorser(tx, key.email);
      await recordAudit({ action: "entry-shown", actor: moderator, target: entryTarget(key), address }, tx);
      await bumpDataVersion(tx);
    }),
  );
}

/**
 * The endorser's entry count is of visible entries (the endorser list shows it, and leaves out an
 * endorser with none): counted again from the entries when one is hidden or shown, which is rare.
 */
async function recountEndorser(tx: Tx, email: string): Promise<void> {
  await tx
    .update(endorsers)
    .set({
      entryCount: sql`(select count(*)::int from ${entries} where ${entries.email} = ${email} and ${entries.hiddenReason} is null)`,
    })
    .where(eq(endorsers.email, email));
}

/** Whether the entry is hidden, and why (undefined: visible, or no such entry). */
export async function entryHidden(key: EntryKey): Promise<HiddenState | undefined> {
  const where = keyCondition(key);
  if (!where) return undefined;
  return withDb("reading an entry", async (db) => {
    const [row] = await db
      .select({ reason: entries.hiddenReason, at: entries.hiddenAt, by: entries.hiddenBy })
      .from(entries)
      .where(and(where, isNotNull(entries.hiddenReason)))
      .limit(1);
    return row?.reason ? { reason: row.reason, at: (row.at ?? new Date(0)).toISOString(), by: row.by } : undefined;
  });
}

/** The 410 of a hidden entry, with its reason, for every representation. */
export function hiddenError(state: HiddenState): AppError {
  return new AppError("gone", `this entry was hidden by a moderator: ${state.reason}`, { hiddenReason: state.reason, hiddenAt: state.at });
}
