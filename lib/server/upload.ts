import "server-only";
/**
 * One upload, from request to stored entry, for both the original `POST /metadata` and the JSON API
 * (reference section 4.5): read-only replica check, cross-site check, rate limit, capped body, the
 * full inspection in a worker, then the atomic store (key continuity, newer-than-latest, first bytes
 * win). Every attempt is recorded as an upload event: a stored one in the store transaction (an audit
 * write that fails stores nothing), a refused one by `refused()` here, with the entry's key whenever the
 * document got far enough to name it; a refusal while the database is unavailable is only logged.
 */
import { entriesForImage, recordUploadEvent, storeEntry, type StoreOutcome } from "@/db";
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

/** A stored upload, for the handlers that answer it (the JSON API's body is `UploadResult`, lib/entries/api-responses.ts). */
export interface StoredUpload {
  outcome: StoreOutcome;
  key: EntryKey;
  inspection: Inspection;
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
    await consumeUploadAllowance(attempt.source.address);
    const bytes = await readUploadedDocument(request, env.MAX_UPLOAD_BYTES);
    attempt.bytes = bytes.length;
    const inspection = await inspector().inspect(bytes, { include: { rdfJson: true } });
    attempt.key = inspection.entry ? entryKey(inspection.entry) : undefined;
    if (!inspection.valid) throw refusal(inspection);
    const { outcome, key } = await storeEntry({ xml: bytes, inspection, source: attempt.source }).catch(async (error: unknown) => {
      if (AppError.is(error) && error.code === "older_than_latest" && attempt.key) throw await olderThanLatest(request, attempt.key, error);
      throw error;
    });
    logger.info("metadata stored", { outcome, ...key, trust: inspection.trust?.label });
    return { outcome, key, inspection };
  } catch (error) {
    await refused(attempt, error);
    throw error;
  }
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
