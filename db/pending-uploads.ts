import "server-only";
/**
 * Uploads held for their endorser email's confirmation (reference section 4.5; issue 9, item 4): a
 * verified upload whose email is not proven, or signed by a key new to its email, is stored in
 * pending_uploads and the email gets the original's message with confirm / abort / abuse links. The
 * link's uuid is random and only its SHA-256 is stored. A link works once and until it expires:
 * unknown → 404, used or expired → 410. Confirming re-validates the stored bytes (the caller inspects
 * them again: signature, checks, trust policy) and publishes through storeEntry, whose rules
 * (key continuity, newer than latest, first bytes win) run again, in one transaction with the pending
 * row's status change and its audit line. Who may see a pending upload: its uploader and the owner of
 * its endorser email, decided here.
 */
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, gt, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { actionUrl, CONFIRMATION_SUBJECT, confirmationText, type ActionCommand } from "@/lib/accounts/upload-confirmation";
import type { PendingReason, PendingStatus } from "@/lib/accounts/roles";
import type { EntryKey } from "@/lib/entries/types";
import { minuteUtc } from "@/lib/entries/minute-utc";
import { AppError } from "@/lib/errors";
import { formatMetadataDate } from "@/lib/metadata/dates";
import type { Inspection } from "@/lib/metadata/inspect";
import { recordAudit } from "./audit";
import { moderatorsAndAdmins, verifiedEmailsOf, verifiedOwnerOf } from "./endorser-emails";
import { vouchedByTrustedCa } from "./key-continuity";
import { queueMail } from "./outbox";
import { prepareEntry } from "./prepare-entry";
import { entries, pendingUploads, uploadEvents, type PendingUploadRow } from "./schema";
import { uploadEventRow } from "./upload-events";
import { entryTarget, storeEntry, type StoreResult, type Tx } from "./store-entry";
import { linkUploadCertificate } from "./user-certificates";
import { withDb } from "./with-db";

export interface Uploader {
  userId: string;
  email: string;
}

export interface PendingUpload {
  id: number;
  key: EntryKey;
  title: string | null;
  reason: PendingReason;
  status: PendingStatus;
  /** The signed-in account that uploaded it, if any. */
  uploadedByMe: boolean;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
}

function actionHash(uuid: string): string {
  return createHash("sha256").update(uuid.toLowerCase()).digest("hex");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function keyOf(row: Pick<PendingUploadRow, "identifier" | "email" | "created">): EntryKey {
  return { identifier: row.identifier, email: row.email, created: formatMetadataDate(row.created) };
}

/**
 * Whether the upload's endorser email is proven, so it may publish at once: the uploader owns the
 * email verified, or the certificate chains to a trusted CA and carries that email.
 */
export async function endorserEmailProven(
  xml: Uint8Array,
  inspection: Inspection,
  uploader?: Uploader,
): Promise<"owner" | "trusted-ca" | null> {
  const prepared = prepareEntry(xml, inspection);
  if (uploader && (await verifiedOwnerOf(prepared.key.email)) === uploader.userId) return "owner";
  if (vouchedByTrustedCa(prepared)) return "trusted-ca";
  return null;
}

export interface HoldInput {
  xml: Uint8Array;
  inspection: Inspection;
  reason: PendingReason;
  uploader?: Uploader;
  address?: string;
  userAgent?: string;
  /** The Marketplace's public base URL, ending with "/", for the mailed links. */
  baseUrl: string;
  /** How long the links work. */
  days: number;
}

/** Stores the upload pending, mails its endorser email the links, and writes the audit line, in one transaction. */
export async function holdUpload(input: HoldInput): Promise<{ id: number; key: EntryKey; expiresAt: Date }> {
  const prepared = prepareEntry(input.xml, input.inspection);
  const { key, entry } = prepared;
  const uuid = randomUUID();
  const expiresAt = new Date(Date.now() + input.days * 86_400_000);
  return withDb("holding an upload for confirmation", async (db) =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(pendingUploads)
        .values({
          actionHash: actionHash(uuid),
          xml: input.xml,
          identifier: key.identifier,
          email: key.email,
          created: entry.created,
          title: entry.title ?? null,
          reason: input.reason,
          uploaderUserId: input.uploader?.userId ?? null,
          address: input.address ?? null,
          expiresAt,
        })
        .returning({ id: pendingUploads.id });
      // The upload trail has every attempt: this one is held (confirming it later records "created").
      await tx
        .insert(uploadEvents)
        .values(
          uploadEventRow({ outcome: "pending", key, bytes: input.xml.byteLength, address: input.address, userAgent: input.userAgent }),
        );
      await queueMail(
        {
          to: key.email,
          subject: CONFIRMATION_SUBJECT,
          kind: "upload-confirmation",
          text: confirmationText({
            identifier: key.identifier,
            created: key.created,
            deprecating: Boolean(entry.deprecated),
            baseUrl: input.baseUrl,
            uuid,
            reason: input.reason,
            expiresAt,
          }),
        },
        tx,
      );
      await recordAudit(
        {
          action: "upload-pending",
          actor: input.uploader ?? "visitor",
          targetUserId: await verifiedOwnerOf(key.email, tx),
          target: entryTarget(key),
          address: input.address,
          details: { reason: input.reason, pendingId: row!.id },
        },
        tx,
      );
      return { id: row!.id, key, expiresAt };
    }),
  );
}

/**
 * Marks every pending upload whose links have lapsed as expired, with its audit line (the expiry job,
 * lib/server/jobs/housekeeping.ts, runs it hourly). Readers already treat a lapsed row as expired; this
 * records it. Returns how many were marked; a second run marks nothing.
 */
export async function expireLapsedUploads(now: Date = new Date()): Promise<number> {
  return withDb("expiring lapsed uploads", async (db) =>
    db.transaction(async (tx) => {
      const lapsed = await tx
        .update(pendingUploads)
        .set({ status: "expired", decidedAt: sql`${pendingUploads.expiresAt}` })
        .where(and(eq(pendingUploads.status, "pending"), lte(pendingUploads.expiresAt, now)))
        .returning();
      for (const row of lapsed) {
        await recordAudit(
          {
            action: "upload-expired",
            actor: "system",
            targetUserId: await verifiedOwnerOf(row.email, tx),
            target: entryTarget({ identifier: row.identifier, email: row.email, created: formatMetadataDate(row.created) }),
            details: { reason: row.reason, pendingId: row.id, expiresAt: row.expiresAt.toISOString() },
          },
          tx,
        );
      }
      return lapsed.length;
    }),
  );
}

/** The pending upload a link names, if the link still works: unknown → 404, used → 410, expired → 410. */
export async function pendingForAction(uuid: string): Promise<PendingUploadRow> {
  if (!UUID.test(uuid)) throw unknownLink();
  const [row] = await withDb("reading a pending upload", async (db) =>
    db
      .select()
      .from(pendingUploads)
      .where(eq(pendingUploads.actionHash, actionHash(uuid))),
  );
  if (!row) throw unknownLink();
  checkUsable(row);
  return row;
}

function unknownLink(): AppError {
  return new AppError("not_found", "no pending upload has this link: check that the whole link was copied from the mail");
}

const DONE: Record<Exclude<PendingStatus, "pending">, string> = {
  confirmed: "confirmed and published",
  aborted: "aborted",
  abuse: "reported as abuse",
  expired: "expired",
  refused: "refused when it was confirmed",
};

function checkUsable(row: PendingUploadRow): void {
  // Expired whether or not the expiry job has marked it yet: the same answer either way.
  if (row.status !== "pending" && row.status !== "expired") {
    throw new AppError(
      "gone",
      `this link was already used: the upload of ${row.identifier} was ${DONE[row.status]}${row.decidedAt ? ` on ${minuteUtc(row.decidedAt)}` : ""}. Each link works once.`,
    );
  }
  if (row.status === "expired" || row.expiresAt.getTime() <= Date.now()) {
    throw new AppError(
      "gone",
      `this link expired on ${minuteUtc(row.expiresAt)}: the upload of ${row.identifier} was not published. Upload the entry again for a new confirmation mail.`,
    );
  }
}

/** Moves the row from pending to `status` in `tx`, or throws the 410 of a link used meanwhile. */
async function decide(tx: Tx, hash: string, status: Exclude<PendingStatus, "pending">): Promise<PendingUploadRow> {
  const [row] = await tx
    .update(pendingUploads)
    .set({ status, decidedAt: new Date() })
    .where(and(eq(pendingUploads.actionHash, hash), eq(pendingUploads.status, "pending"), gt(pendingUploads.expiresAt, sql`now()`)))
    .returning();
  if (!row) {
    const [current] = await tx.select().from(pendingUploads).where(eq(pendingUploads.actionHash, hash));
    if (!current) throw unknownLink();
    checkUsable(current);
    throw new AppError("gone", "this link was already used");
  }
  return row;
}

export interface ActionContext {
  address?: string;
  /** The signed-in account following the link, if any (the link itself is the proof). */
  actor?: Uploader;
}

/**
 * Confirms: re-inspects the stored bytes with `inspect` (signature, checks, trust policy), then
 * publishes through storeEntry (key continuity, admitting a new key; newer than latest; first bytes
 * win) in one transaction with the status change, the audit line and the link of the signing
 * certificate to the email's owner. A document refused now marks the upload refused and says why.
 */
export async function confirmPending(
  uuid: string,
  inspect: (xml: Uint8Array) => Promise<Inspection>,
  context: ActionContext = {},
): Promise<StoreResult & { pendingId: number }> {
  const row = await pendingForAction(uuid);
  const hash = actionHash(uuid);
  const inspection = await inspect(row.xml);
  if (!inspection.valid) {
    await markRefused(hash, inspection.problems[0]?.message ?? "invalid");
    throw new AppError(
      "invalid_metadata",
      `invalid metadata: ${inspection.problems[0]?.message ?? "unknown problem"} (checked again on confirmation; not published)`,
      {
        problems: inspection.problems,
      },
    );
  }
  try {
    const result = await storeEntry({
      xml: row.xml,
      inspection,
      source: { address: context.address },
      actor: context.actor,
      confirmedByEmail: true,
      audit: { action: "upload-confirmed", details: { reason: row.reason, pendingId: row.id } },
      inTransaction: async (tx) => {
        await decide(tx, hash, "confirmed");
        const owner = await verifiedOwnerOf(row.email, tx);
        if (owner && inspection.signature) await linkUploadCertificate(tx, owner, inspection.signature.certificate.fingerprintSha256);
      },
    });
    return { ...result, pendingId: row.id };
  } catch (error) {
    if (
      AppError.is(error) &&
      error.code !== "gone" &&
      error.code !== "not_found" &&
      error.code !== "unavailable" &&
      error.code !== "internal"
    ) {
      await markRefused(hash, error.message);
    }
    throw error;
  }
}

async function markRefused(hash: string, why: string): Promise<void> {
  await withDb("refusing a pending upload", async (db) =>
    db.transaction(async (tx) => {
      const row = await decide(tx, hash, "refused").catch(() => undefined);
      if (row) {
        await recordAudit(
          {
            action: "upload-aborted",
            actor: "system",
            targetUserId: await verifiedOwnerOf(row.email, tx),
            target: entryTarget(keyOf(row)),
            details: { pendingId: row.id, refused: why.slice(0, 500) },
          },
          tx,
        );
      }
    }),
  );
}

/** Aborts: the upload is discarded (status aborted), with its audit line. */
export async function abortPending(uuid: string, context: ActionContext = {}): Promise<{ key: EntryKey; uuid: string }> {
  await pendingForAction(uuid);
  return withDb("aborting a pending upload", async (db) =>
    db.transaction(async (tx) => {
      const row = await decide(tx, actionHash(uuid), "aborted");
      await recordAudit(
        {
          action: "upload-aborted",
          actor: context.actor ?? "visitor",
          targetUserId: await verifiedOwnerOf(row.email, tx),
          target: entryTarget(keyOf(row)),
          address: context.address,
          details: { pendingId: row.id, reason: row.reason },
        },
        tx,
      );
      return { key: keyOf(row), uuid };
    }),
  );
}

/** Reports abuse: the upload is not published (status abuse) and every admin and moderator is mailed. */
export async function reportAbuse(uuid: string, context: ActionContext = {}): Promise<{ key: EntryKey; notified: number }> {
  await pendingForAction(uuid);
  return withDb("reporting abuse", async (db) =>
    db.transaction(async (tx) => {
      const row = await decide(tx, actionHash(uuid), "abuse");
      const key = keyOf(row);
      const staff = await moderatorsAndAdmins(tx);
      for (const person of staff) {
        await queueMail(
          {
            to: person.email,
            subject: "Marketplace: abuse reported",
            kind: "abuse-report",
            text:
              `Abuse has been reported for the following entry: pending upload ${row.id}\n\n` +
              `Image ID: ${key.identifier}\nEndorser email: ${key.email}\nEndorsed at: ${key.created}\n` +
              `Uploaded at: ${row.createdAt.toISOString()} from ${row.address ?? "an unknown address"}` +
              `${row.uploaderUserId ? ` by account ${row.uploaderUserId}` : " without an account"}\n\n` +
              "The owner of the endorser email says they did not upload it. It was not published.\n",
          },
          tx,
        );
      }
      await recordAudit(
        {
          action: "abuse-report",
          actor: context.actor ?? "visitor",
          targetUserId: await verifiedOwnerOf(row.email, tx),
          target: entryTarget(key),
          address: context.address,
          details: { pendingId: row.id, uploaderUserId: row.uploaderUserId, uploaderAddress: row.address, notified: staff.length },
        },
        tx,
      );
      return { key, notified: staff.length };
    }),
  );
}

/**
 * The pending uploads a user may see: those they uploaded, and those for their verified endorser
 * emails. Nobody else's. `all`: also the decided ones (the "my entries" page), newest first.
 */
export async function listPendingFor(userId: string, options: { all?: boolean; limit?: number } = {}): Promise<PendingUpload[]> {
  return withDb("listing pending uploads", async (db) => {
    const emails = await verifiedEmailsOf(userId, db);
    const mine = or(eq(pendingUploads.uploaderUserId, userId), emails.length > 0 ? inArray(pendingUploads.email, emails) : sql`false`);
    const waiting = and(eq(pendingUploads.status, "pending"), gt(pendingUploads.expiresAt, sql`now()`));
    const rows = await db
      .select({
        id: pendingUploads.id,
        identifier: pendingUploads.identifier,
        email: pendingUploads.email,
        created: pendingUploads.created,
        title: pendingUploads.title,
        reason: pendingUploads.reason,
        status: pendingUploads.status,
        uploaderUserId: pendingUploads.uploaderUserId,
        createdAt: pendingUploads.createdAt,
        expiresAt: pendingUploads.expiresAt,
        decidedAt: pendingUploads.decidedAt,
      })
      .from(pendingUploads)
      .where(options.all ? mine : and(mine, waiting))
      .orderBy(desc(pendingUploads.id))
      .limit(Math.min(options.limit ?? 200, 1000));
    return rows.map((row) => ({
      id: row.id,
      key: keyOf(row),
      title: row.title,
      reason: row.reason,
      // A pending row past its expiry is expired, whether or not anything marked it.
      status: row.status === "pending" && row.expiresAt.getTime() <= Date.now() ? "expired" : row.status,
      uploadedByMe: row.uploaderUserId === userId,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
    }));
  });
}

export interface MyEntry {
  key: EntryKey;
  title: string | null;
  latest: boolean;
  deprecated: string | null;
  valid: string | null;
  hiddenReason: string | null;
}

/** The published entries of the user's verified endorser emails (latest first), hidden ones included with their reason. */
export async function listMyEntries(userId: string, limit = 500): Promise<MyEntry[]> {
  return withDb("listing my entries", async (db) => {
    const emails = await verifiedEmailsOf(userId, db);
    if (emails.length === 0) return [];
    const rows = await db
      .select({
        identifier: entries.identifier,
        email: entries.email,
        created: entries.created,
        title: entries.title,
        latest: entries.latest,
        deprecated: entries.deprecated,
        valid: entries.valid,
        hiddenReason: entries.hiddenReason,
      })
      .from(entries)
      .where(and(inArray(entries.email, emails), or(eq(entries.latest, true), isNotNull(entries.hiddenReason))))
      .orderBy(desc(entries.created))
      .limit(Math.min(limit, 5000));
    return rows.map((row) => ({
      key: keyOf(row),
      title: row.title,
      latest: row.latest,
      deprecated: row.deprecated,
      valid: row.valid?.toISOString() ?? null,
      hiddenReason: row.hiddenReason,
    }));
  });
}

export { actionUrl, type ActionCommand };
