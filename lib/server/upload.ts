import "server-only";
/**
 * One upload, from request to stored entry, for both the original `POST /metadata` and the JSON API
 * (reference section 4.5): read-only replica check, cross-site check, rate limit, capped body, the
 * full inspection in a worker, then the atomic store with the newer-than-latest rule. Every attempt,
 * refused or not, is recorded as an upload event.
 */
import { recordUploadEvent, storeEntry, type StoreOutcome } from "@/db/entries";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { clientAddress } from "@/lib/http/request-info";
import { readUploadedDocument } from "@/lib/http/upload-body";
import type { Inspection } from "@/lib/metadata/inspect";
import { stageOf } from "@/lib/metadata/problems";
import type { EntryKey } from "@/lib/entries/types";
import { inspector } from "./inspector";
import { logger } from "./logger";
import { consumeUploadAllowance } from "./rate-limit";

export interface UploadResult {
  outcome: StoreOutcome;
  key: EntryKey;
  inspection: Inspection;
}

export async function uploadMetadata(request: Request): Promise<UploadResult> {
  if (env.MARKETPLACE_TYPE === "replica") throw new AppError("read_only", "read-only repository");
  assertNotCrossSite(request);
  const address = clientAddress(request);
  await consumeUploadAllowance(address);
  const source = { address, userAgent: request.headers.get("user-agent") ?? undefined };

  let bytes: Buffer | undefined;
  try {
    bytes = await readUploadedDocument(request, env.MAX_UPLOAD_BYTES);
    const inspection = await inspector().inspect(bytes, { include: { rdfJson: true } });
    if (!inspection.valid) throw refusal(inspection);
    const { outcome, key } = await storeEntry({ xml: bytes, inspection, source }).catch((error: unknown) => {
      // The original reported this rule like the others: "invalid metadata: older than latest entry".
      if (AppError.is(error) && error.code === "older_than_latest") throw new AppError("older_than_latest", `invalid metadata: ${error.message}`);
      throw error;
    });
    await recordUploadEvent({ outcome, key, bytes: bytes.length, ...source });
    logger.info("metadata stored", { outcome, ...key, trust: inspection.trust?.label });
    return { outcome, key, inspection };
  } catch (error) {
    if (AppError.is(error)) {
      await recordUploadEvent({
        outcome: "refused",
        bytes: bytes?.length ?? 0,
        problems: error.details.problems?.map((p) => p.code) ?? [error.code],
        ...source,
      }).catch((recordError: unknown) => logger.warn("cannot record upload event", { error: String(recordError) }));
    }
    throw error;
  }
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
