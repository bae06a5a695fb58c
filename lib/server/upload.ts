import "server-only";
/**
 * One upload, from request to stored entry, for both the original `POST /metadata` and the JSON API
 * (reference section 4.5): read-only replica check, cross-site check, rate limit, capped body, the
 * full inspection in a worker, then the atomic store (key continuity, newer-than-latest, first bytes
 * win). Every attempt is recorded as an upload event: a stored one in the store transaction, a refused
 * one by `refused()` here, with the entry's key whenever the document got far enough to name it.
 */
import { recordUploadEvent, storeEntry, type StoreOutcome } from "@/db/entries";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { clientAddress } from "@/lib/http/request-info";
import { readUploadedDocument } from "@/lib/http/upload-body";
import type { Inspection } from "@/lib/metadata/inspect";
import { entryKey } from "@/lib/metadata/model";
import { stageOf } from "@/lib/metadata/problems";
import { inspector } from "./inspector";
import { logger } from "./logger";
import { consumeUploadAllowance } from "./rate-limit";

export interface UploadResult {
  outcome: StoreOutcome;
  key: EntryKey;
  inspection: Inspection;
}

interface Attempt {
  source: { address: string; userAgent?: string };
  bytes?: number;
  key?: EntryKey;
}

export async function uploadMetadata(request: Request): Promise<UploadResult> {
  const attempt: Attempt = { source: { address: clientAddress(request), userAgent: request.headers.get("user-agent") ?? undefined } };
  try {
    if (env.MARKETPLACE_TYPE === "replica") throw new AppError("read_only", "read-only repository");
    assertNotCrossSite(request);
    await consumeUploadAllowance(attempt.source.address);
    const bytes = await readUploadedDocument(request, env.MAX_UPLOAD_BYTES);
    attempt.bytes = bytes.length;
    const inspection = await inspector().inspect(bytes, { include: { rdfJson: true } });
    attempt.key = inspection.entry ? entryKey(inspection.entry) : undefined;
    if (!inspection.valid) throw refusal(inspection);
    const { outcome, key } = await storeEntry({ xml: bytes, inspection, source: attempt.source }).catch((error: unknown) => {
      // The original reported this rule like the others: "invalid metadata: older than latest entry".
      if (AppError.is(error) && error.code === "older_than_latest") throw new AppError("older_than_latest", `invalid metadata: ${error.message}`);
      throw error;
    });
    logger.info("metadata stored", { outcome, ...key, trust: inspection.trust?.label });
    return { outcome, key, inspection };
  } catch (error) {
    await refused(attempt, error);
    throw error;
  }
}

/** Records a refusal; a failure to record never hides the refusal itself. */
async function refused(attempt: Attempt, error: unknown): Promise<void> {
  const appError = AppError.is(error) ? error : undefined;
  // A database that is down cannot take the record either; the log has it.
  if (appError?.code === "unavailable") {
    logger.warn("upload refused while the database is unavailable", { ...attempt.source, ...attempt.key });
    return;
  }
  await recordUploadEvent({
    outcome: "refused",
    key: attempt.key,
    bytes: attempt.bytes ?? 0,
    problems: appError ? (appError.details.problems?.map((p) => p.code) ?? [appError.code]) : ["internal"],
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
  return new AppError("invalid_metadata", `invalid metadata: ${message}`, { problems: inspection.problems });
}
