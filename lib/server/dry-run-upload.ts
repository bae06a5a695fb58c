import "server-only";
/**
 * The "validate only" dry run of an upload (`POST /api/v1/entries?dryRun=true`, `POST
 * /metadata?dryRun=true`, the form's "Validate only" button): the same checks as an upload (the full
 * inspection, then the store's own rules in a transaction that is rolled back), every problem
 * reported, nothing stored and no upload event recorded. It is rate-limited like an upload, since the
 * inspection is the expensive part.
 */
import { checkEntry, endorserEmailProven } from "@/db";
import { entryKey } from "@/lib/metadata/model";
import type { EntryKey } from "@/lib/entries/types";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { DryRunReport } from "@/lib/entries/api-responses";
import { invalidMetadataMessage, UPLOAD_MESSAGES } from "@/lib/entries/upload-messages";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { clientAddress } from "@/lib/http/request-info";
import { readUploadedDocument } from "@/lib/http/upload-body";
import { actorOf } from "./auth/actor";
import { inspector } from "./inspector";
import { isNewKey } from "./upload";
import { consumeUploadAllowance } from "./rate-limit";

export type { DryRunReport } from "@/lib/entries/api-responses";
export type DryRunOutcome = DryRunReport["outcome"];

export async function dryRunUpload(request: Request): Promise<DryRunReport> {
  assertNotCrossSite(request);
  await consumeUploadAllowance(clientAddress(request));
  const bytes = await readUploadedDocument(request, env.MAX_UPLOAD_BYTES);
  const inspection = await inspector().inspect(bytes, { include: { rdfJson: true } });
  const described = {
    title: inspection.entry?.title,
    trust: inspection.trust?.label,
    problems: inspection.problems,
    warnings: inspection.warnings,
  };
  if (!inspection.valid) {
    const count = inspection.problems.length;
    return {
      dryRun: true,
      valid: false,
      outcome: "refused",
      message: `${invalidMetadataMessage(`${count === 1 ? "1 problem" : `${count} problems`} to fix`)} (dry run)`,
      ...described,
    };
  }
  // The same decision as an upload (lib/server/upload.ts): published at once only when the endorser
  // email is proven; a key new to the email waits for that email's confirmation in any case.
  const actor = await actorOf(request);
  const uploader = actor.kind === "user" ? { userId: actor.user.id, email: actor.user.email } : undefined;
  const proof = await endorserEmailProven(bytes, inspection, uploader);
  try {
    const { outcome, key } = await checkEntry({ xml: bytes, inspection, confirmedByEmail: proof === "owner" });
    if (outcome === "unchanged") return report("would-be-unchanged", key);
    return report(!proof && env.UPLOAD_CONFIRMATION === "on" ? "would-wait" : "would-create", key);
  } catch (error) {
    if (isNewKey(error)) return report("would-wait-new-key", inspection.entry && entryKey(inspection.entry));
    if (!AppError.is(error) || !["older_than_latest", "conflict", "forbidden"].includes(error.code)) throw error;
    const message = error.message;
    return {
      dryRun: true,
      valid: false,
      outcome: "refused",
      message: `${message} (dry run)`,
      refusal: { code: error.code, message },
      ...described,
    };
  }

  function report(
    kind: "would-create" | "would-be-unchanged" | "would-wait" | "would-wait-new-key",
    key: EntryKey | undefined,
  ): DryRunReport {
    const outcome = kind === "would-wait-new-key" ? "would-wait" : kind;
    return { dryRun: true, valid: true, outcome, message: UPLOAD_MESSAGES[kind], ...(key ? { key } : {}), ...described };
  }
}
