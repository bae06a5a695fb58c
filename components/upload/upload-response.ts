/**
 * The upload form's reading of the JSON API's answer to `POST /api/v1/entries` (or its dry run). The
 * bodies' types derive from the server's schemas (lib/entries/api-responses.ts); only types are
 * imported, so no zod reaches the browser.
 */
import type { ApiError, ApiProblem, DryRunReport, UploadResult } from "@/lib/entries/api-responses";

export type UploadProblem = ApiProblem;

/** What the form shows: a stored upload, a dry run's report, or a refusal. */
export type UploadFormResult =
  | ({ kind: "stored" } & Pick<UploadResult, "key" | "outcome" | "message" | "title" | "trust" | "warnings">)
  | ({ kind: "checked" } & Pick<DryRunReport, "valid" | "message" | "title" | "trust" | "problems" | "warnings">)
  | { kind: "refused"; message: string; problems: UploadProblem[] };

type Body = Partial<UploadResult> | Partial<DryRunReport> | Partial<ApiError>;

/** Reads the answer, tolerating a body that is not the API's (a proxy's 413 page, say). */
export async function readUploadResponse(response: Response): Promise<UploadFormResult> {
  const body = (await response.json().catch(() => undefined)) as Body | undefined;
  if (response.ok && body && "dryRun" in body && body.dryRun) {
    return {
      kind: "checked",
      valid: body.valid === true,
      message: body.message ?? "",
      title: body.title,
      trust: body.trust,
      problems: body.problems ?? [],
      warnings: body.warnings ?? [],
    };
  }
  if (response.ok && body && "key" in body && body.key) {
    const stored = body as UploadResult;
    return {
      kind: "stored",
      key: stored.key,
      outcome: stored.outcome,
      message: stored.message,
      title: stored.title,
      trust: stored.trust,
      warnings: stored.warnings ?? [],
    };
  }
  const error = body && "error" in body ? body.error : undefined;
  return { kind: "refused", message: error?.message ?? fallbackMessage(response.status), problems: error?.problems ?? [] };
}

function fallbackMessage(status: number): string {
  if (status === 413) return "the file is too large for this Marketplace";
  if (status === 429) return "too many uploads from your address; wait a minute and try again";
  return `the server answered with status ${status}`;
}
