import "server-only";
/**
 * Storing one verified upload (reference sections 4.5 and 4.7), whole or not at all, in one short
 * transaction:
 * - signed by a key that may not publish for its email (key continuity, key-continuity.ts): refused, 403;
 * - newer than the latest entry of its (identifier, email): inserted and made the latest ("created");
 * - the same endorsement date as the latest: the same bytes change nothing ("unchanged"); other bytes
 *   are refused with 409 (first bytes win: the original overwrote, which let anyone swap the stored
 *   bytes of another's entry for an equivalent copy that still verifies);
 * - older than the latest: refused with "invalid metadata: older than latest entry".
 * Concurrent uploads of one (identifier, email) queue on a transaction-level advisory lock, so each
 * sees the other's result; the unique partial index on (identifier, email) where latest is the
 * backstop. The endorsers row, the upload event and the data version change in the same transaction.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { EntryKey } from "@/lib/entries/types";
import { AppError } from "@/lib/errors";
import { invalidMetadata } from "@/lib/entries/upload-messages";
import type { Inspection } from "@/lib/metadata/inspect";
import type { Db } from "./client";
import { noteWrites } from "./maintenance";
import { transactionsAreExclusive } from "./embedded";
import { admitSigningKey } from "./key-continuity";
import { prepareEntry, type PreparedEntry } from "./prepare-entry";
import { queueFirstIntegrityCheck } from "./integrity-queue";
import { certificates, dataVersion, endorsers, entries, entryDocuments, uploadEvents } from "./schema";
import { uploadEventRow } from "./upload-events";
import { withDb } from "./with-db";
import { recordAudit } from "./audit";
import { verifiedOwnerOf } from "./endorser-emails";

/** An entry's key as the audit log's target: "identifier email created". */
export function entryTarget(key: EntryKey): string {
  return `${key.identifier} ${key.email} ${key.created}`;
}

export type StoreOutcome = "created" | "unchanged";

export type { Tx };

export interface StoreInput {
  /** The uploaded bytes, stored exactly. */
  xml: Uint8Array;
  /** inspectMetadata(xml, { include: { rdfJson: true } }) of those bytes; must be valid. */
  inspection: Inspection;
  /** Who uploaded: recorded as the upload event, in the same transaction as the entry (none: no event). */
  source?: { address?: string; userAgent?: string };
  /** The signed-in uploader, for the audit line. */
  actor?: { userId: string; email: string };
  /** The endorser email's owner vouches for this upload (a confirmed pending upload): a new key is admitted. */
  confirmedByEmail?: boolean;
  /** The audit line written with a stored upload (with `source`): "upload", or "upload-confirmed" with its details. */
  audit?: { action: "upload" | "upload-confirmed"; details?: Record<string, unknown> };
  /** More work in the same transaction, after the entry is stored (a pending upload's status change). */
  inTransaction?: (tx: Tx, result: StoreResult) => Promise<void>;
}

export interface StoreResult {
  outcome: StoreOutcome;
  key: EntryKey;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export async function storeEntry(input: StoreInput): Promise<StoreResult> {
  const prepared = prepareEntry(input.xml, input.inspection);
  return withDb("storing an entry", async (db) => {
    const locking = !transactionsAreExclusive(db);
    const result = await db.transaction(async (tx) => {
      const stored = await storeInTransaction(tx, prepared, locking, input.confirmedByEmail);
      // In the transaction: an upload answered as failed is never stored, one stored is never unrecorded.
      if (input.source) {
        await tx
          .insert(uploadEvents)
          .values(uploadEventRow({ outcome: stored.outcome, key: stored.key, bytes: input.xml.byteLength, ...input.source }));
        await recordAudit(
          {
            action: input.audit?.action ?? "upload",
            actor: input.actor ?? "visitor",
            targetUserId: await verifiedOwnerOf(stored.key.email, tx),
            target: entryTarget(stored.key),
            address: input.source.address,
            details: { outcome: stored.outcome, ...input.audit?.details },
          },
          tx,
        );
      }
      if (stored.outcome === "created") await queueFirstIntegrityCheck(tx, stored.key);
      await input.inTransaction?.(tx, stored);
      return stored;
    });
    if (result.outcome !== "unchanged") noteWrites(db, 1);
    return result;
  });
}

/** Carries the answer of a dry run out of the transaction it rolls back. */
class RolledBack extends Error {
  constructor(readonly result: StoreResult) {
    super("dry run");
  }
}

/**
 * What storeEntry would answer, storing nothing: the very transaction, every rule (key continuity,
 * newer than latest, first bytes win), then rolled back. The dry run of an upload.
 */
export async function checkEntry(input: Pick<StoreInput, "xml" | "inspection" | "confirmedByEmail">): Promise<StoreResult> {
  const prepared = prepareEntry(input.xml, input.inspection);
  return withDb("checking an entry", async (db) => {
    const locking = !transactionsAreExclusive(db);
    try {
      await db.transaction(async (tx) => {
        throw new RolledBack(await storeInTransaction(tx, prepared, locking, input.confirmedByEmail));
      });
    } catch (error) {
      if (error instanceof RolledBack) return error.result;
      throw error;
    }
    throw new Error("a dry-run transaction ended without its answer");
  });
}

/** `locking`: take the advisory locks (PostgreSQL; the embedded database runs one transaction at a time). */
async function storeInTransaction(tx: Tx, prepared: PreparedEntry, locking: boolean, confirmedByEmail = false): Promise<StoreResult> {
  const { key, entry, document } = prepared;
  await tx.insert(certificates).values(prepared.certificate).onConflictDoNothing();
  await admitSigningKey(tx, prepared, locking, confirmedByEmail);
  if (locking) await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(key.identifier, key.email)}::bigint)`);
  const [newest] = await tx
    .select({ id: entries.id, created: entries.created, xmlSha256: entries.xmlSha256, latest: entries.latest })
    .from(entries)
    .where(and(eq(entries.identifier, key.identifier), eq(entries.email, key.email)))
    .orderBy(desc(entries.created))
    .limit(1);

  const created = entry.created.getTime();
  if (newest && created < newest.created.getTime()) throw invalidMetadata("older than latest entry", {}, { code: "older_than_latest" });

  if (newest && created === newest.created.getTime()) {
    if (newest.xmlSha256 === entry.xmlSha256) return { outcome: "unchanged", key };
    throw new AppError(
      "conflict",
      `an entry for ${key.identifier} by ${key.email} endorsed at ${key.created} is already stored with other content, and the first upload stays: to change it, sign a new entry (a later endorsement date)`,
    );
  }

  if (newest) {
    await tx
      .update(entries)
      .set({ latest: false })
      .where(and(eq(entries.identifier, key.identifier), eq(entries.email, key.email), sql`${entries.latest}`));
  }
  const [inserted] = await tx
    .insert(entries)
    .values({ ...entry, latest: true })
    .returning({ id: entries.id });
  await tx.insert(entryDocuments).values({ ...document, entryId: inserted!.id });
  await updateEndorser(tx, prepared, 1);
  await bumpDataVersion(tx);
  return { outcome: "created", key };
}

/** Counts, first and last endorsement; subject, issuer and name follow the endorser's newest entry. */
async function updateEndorser(tx: Tx, { entry }: PreparedEntry, added: 0 | 1): Promise<void> {
  const newer = sql`excluded.last_endorsed >= ${endorsers.lastEndorsed}`;
  await tx
    .insert(endorsers)
    .values({
      email: entry.email,
      subject: entry.endorserSubject,
      issuer: entry.endorserIssuer,
      name: entry.endorserName,
      firstEndorsed: entry.created,
      lastEndorsed: entry.created,
      entryCount: 1,
    })
    .onConflictDoUpdate({
      target: endorsers.email,
      set: {
        subject: sql`case when ${newer} then excluded.subject else ${endorsers.subject} end`,
        issuer: sql`case when ${newer} then excluded.issuer else ${endorsers.issuer} end`,
        name: sql`case when ${newer} then excluded.name else ${endorsers.name} end`,
        firstEndorsed: sql`least(${endorsers.firstEndorsed}, excluded.first_endorsed)`,
        lastEndorsed: sql`greatest(${endorsers.lastEndorsed}, excluded.last_endorsed)`,
        entryCount: sql`${endorsers.entryCount} + ${added}`,
      },
    });
}

export async function bumpDataVersion(tx: Tx | Db): Promise<void> {
  await tx
    .insert(dataVersion)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({ target: dataVersion.id, set: { version: sql`${dataVersion.version} + 1` } });
}

/** A signed 64-bit advisory lock key for one (identifier, email). */
export function lockKey(identifier: string, email: string): string {
  return createHash("sha256").update(`${identifier}\0${email}`).digest().readBigInt64BE(0).toString();
}
