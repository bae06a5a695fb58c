import "server-only";
/**
 * One upload, from request to stored entry, for both the original `POST /metadata` and the JSON API
 * (reference section 4.5): read-only replica check, cross-site check, rate limit, capped body, the
 * full inspection in a worker, then the atomic store (key continuity, newer-than-latest, first bytes
 * win). Every attempt is recorded as an upload event: a stored one in the store transaction (an audit
 * write that fails stores nothing), a refused one by `refused()` here, with the entry's key whenever the
 * document got far enough to name it; a refusal while the database is unavailable is only logged.
 */
import {
  checkEntry,
  endorserEmailProven,
  entriesForImage,
  holdUpload,
  recordUploadEvent,
  storeEntry,
  type StoreOutcome,
  type Uploader,
} from "@/db";
import type { PendingReason } from "@/lib/accounts/roles";
import { actorOf } from "./auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { entryUrl } from "@/lib/entries/entry-urls";
import type { EntryKey } from "@/lib/entries/types";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { baseUrl, clientAddress } from "@/lib/http/request-info";
import { readUploadedDocument } from "@/lib/http/upload-body";
import { invalidMetadata } from "@/lib/entries/upload-messages";
import type { Inspection } from "@/lib/metadata/inspect";
import { entryKey } from "@/lib/metadata/model";
import { stageOf } from "@/lib/metadata/problems";
import { inspector } from "./inspector";
import { logger } from "@/lib/logger";
import { consumeUploadAllowance } from "./rate-limit";

/**
 * A stored upload, for the handlers that answer it (the JSON API's body is `UploadResult`,
 * lib/entries/api-responses.ts). "pending": held until its endorser email confirms it (202).
 */
export interface StoredUpload {
  outcome: StoreOutcome | "pending";
  key: EntryKey;
  inspection: Inspection;
  /** For a pending upload: why it waits and until when its links work. */
  pending?: { reason: PendingReason; expiresAt: Date };
}

interface Attempt {
  source: { address: string; userAgent?: string };
  /** Bytes read, else the declared Content-Length (a body refused before it is read). */
  bytes?: number;
  key?: EntryKey;
}

export async function uploadMetadata(request: Request): Promise<StoredUpload> {
  const attempt: Attempt = {
    source: { address: clientAddress(request), userAgent: request.headers.get("user-agent") ?? undefined },
    bytes: declaredLength(request),
  };
  try {
    if (env.MARKETPLACE_TYPE === "replica") throw new AppError("read_only", "read-only repository");
    assertNotCrossSite(request);
    // A bad or revoked token is a 401 before anything is read; no credentials is a visitor.
    const actor = await actorOf(request);
    const uploader: Uploader | undefined = actor.kind === "user" ? { userId: actor.user.id, email: actor.user.email } : undefined;
    await consumeUploadAllowance(attempt.source.address);
    const bytes = await readUploadedDocument(request, env.MAX_UPLOAD_BYTES);
    attempt.bytes = bytes.length;
    const inspection = await inspector().inspect(bytes, { include: { rdfJson: true } });
    attempt.key = inspection.entry ? entryKey(inspection.entry) : undefined;
    if (!inspection.valid) throw refusal(inspection);
    const olderRefusal = async (error: unknown): Promise<never> => {
      if (AppError.is(error) && error.code === "older_than_latest" && attempt.key) throw await olderThanLatest(request, attempt.key, error);
      throw error;
    };
    const hold = (reason: PendingReason) => holdPending(request, bytes, inspection, reason, uploader, attempt.source);
    // Email confirmation (reference section 4.5): published at once only when the endorser email is proven.
    const proof = await endorserEmailProven(bytes, inspection, uploader);
    if (!proof && env.UPLOAD_CONFIRMATION === "on") {
      // Refuse now what confirming would refuse (older than latest, other bytes); a new key waits too.
      const check = await checkEntry({ xml: bytes, inspection }).catch((error: unknown) => {
        if (isNewKey(error)) return "new-key" as const;
        return olderRefusal(error);
      });
      if (check !== "new-key" && check.outcome === "unchanged") return { outcome: "unchanged", key: check.key, inspection };
      return await hold(check === "new-key" ? "new-key" : "confirmation");
    }
    let newKey = false;
    const stored = await storeEntry({
      xml: bytes,
      inspection,
      source: attempt.source,
      actor: uploader,
      // The uploader owns the endorser email verified: a key new to the email is theirs to admit.
      confirmedByEmail: proof === "owner",
    }).catch((error: unknown) => {
      // Key continuity: a key new to the email waits for the email's confirmation, whatever UPLOAD_CONFIRMATION says.
      if (isNewKey(error)) {
        newKey = true;
        return undefined;
      }
      return olderRefusal(error);
    });
    if (!stored || newKey) return await hold("new-key");
    const { outcome, key } = stored;
    logger.info("metadata stored", { outcome, ...key, trust: inspection.trust?.label });
    return { outcome, key, inspection };
  } catch (error) {
    await refused(attempt, error);
    throw error;
  }
}

/** The store's key-continuity refusal (db/key-continuity.ts), which an upload turns into a hold. */
export function isNewKey(error: unknown): boolean {
  return AppError.is(error) && error.code === "forbidden" && error.details.reason === "key_continuity";
}

/** Stores the upload pending and queues the confirmation mail to its endorser email (202). */
async function holdPending(
  request: Request,
  xml: Uint8Array,
  inspection: Inspection,
  reason: PendingReason,
  uploader: Uploader | undefined,
  source: Attempt["source"],
): Promise<StoredUpload> {
  const held = await holdUpload({
    xml,
    inspection,
    reason,
    uploader,
    address: source.address,
    userAgent: source.userAgent,
    baseUrl: baseUrl(request),
    days: env.UPLOAD_CONFIRMATION_DAYS,
  });
  logger.info("metadata held for confirmation", { reason, ...held.key });
  return { outcome: "pending", key: held.key, inspection, pending: { reason, expiresAt: held.expiresAt } };
}

/**
 * The store's refusal in the original's words ("invalid metadata: older than latest entry"), then which
 * stored entry is newer, its link, and what to do; the store's error stays the cause.
 */
async function olderThanLatest(request: Request, key: EntryKey, refusal: AppError): Promise<AppError> {
  const newest = (await entriesForImage(key.identifier).catch(() => [])).find((e) => e.email === key.email);
  if (!newest) return refusal;
  const link = entryUrl(baseUrl(request), newest);
  return invalidMetadata(
    `older than latest entry: the stored entry of ${newest.created} (${link}) is newer than this one of ${key.created}; to publish this version, sign it again (sign-metadata gives it the current date) and upload it`,
    { newer: { created: newest.created, url: link } },
    { code: "older_than_latest", cause: refusal },
  );
}

function declaredLength(request: Request): number | undefined {
  const length = Number(request.headers.get("content-length") ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * Records a refusal and logs it for the operator: why (the error code and the problem codes), how
 * big, from whom, for which entry; never the document. A failure to record never hides the refusal.
 */
async function refused(attempt: Attempt, error: unknown): Promise<void> {
  const appError = AppError.is(error) ? error : undefined;
  const reasons = appError ? (appError.details.problems?.map((p) => p.code) ?? [appError.code]) : ["internal"];
  const fields = {
    reason: appError?.code ?? "internal",
    problems: reasons,
    status: appError?.status ?? 500,
    bytes: attempt.bytes ?? null,
    ...attempt.source,
    ...attempt.key,
  };
  // A database that is down cannot take the record either; the log has it.
  if (appError?.code === "unavailable") {
    logger.warn("upload refused while the database is unavailable", fields);
    return;
  }
  logger.info("upload refused", fields);
  await recordUploadEvent({
    outcome: "refused",
    key: attempt.key,
    bytes: attempt.bytes ?? 0,
    problems: reasons,
    ...attempt.source,
  }).catch((recordError: unknown) => logger.warn("cannot record upload event", { error: String(recordError) }));
}

/** The original's messages: `unable to parse metadata: ...` or `invalid metadata: <first problem>`. */
function refusal(inspection: Inspection): AppError {
  const first = inspection.problems[0];
  const message = first?.message ?? "unknown problem";
  const stage = first ? stageOf(first.code) : "input";
  if (first?.code === "input.too_large") return new AppError("payload_too_large", message, { problems: inspection.problems });
  if (stage === "xml" || stage === "input") {
    return new AppError("unparseable_metadata", `unable to parse metadata: ${message}`, { problems: inspection.problems });
  }
  return invalidMetadata(message, { problems: inspection.problems });
}
