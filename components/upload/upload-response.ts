import type { EntryKey } from "@/lib/entries/types";
import type { TrustLabel } from "@/lib/metadata/pki/trust";

export interface UploadProblem {
  code: string;
  message: string;
  element?: string;
}

export type UploadResult =
  | { kind: "stored"; key: EntryKey; outcome: string; message?: string; title?: string; trust?: TrustLabel; warnings: UploadProblem[] }
  | {
      kind: "checked";
      valid: boolean;
      message: string;
      title?: string;
      trust?: TrustLabel;
      problems: UploadProblem[];
      warnings: UploadProblem[];
    }
  | { kind: "refused"; message: string; problems: UploadProblem[] };

interface SuccessBody {
  key?: EntryKey;
  outcome?: string;
  message?: string;
  title?: string;
  trust?: TrustLabel;
  warnings?: UploadProblem[];
}

interface DryRunBody {
  dryRun?: boolean;
  valid?: boolean;
  problems?: UploadProblem[];
}

interface ErrorBody {
  error?: { code?: string; message?: string; problems?: UploadProblem[] };
}

/** Reads the JSON API's answer to `POST /api/v1/entries` (or its dry run), tolerating a non-JSON body (a proxy's 413, say). */
export async function readUploadResponse(response: Response): Promise<UploadResult> {
  const body = (await response.json().catch(() => undefined)) as (SuccessBody & DryRunBody & ErrorBody) | undefined;
  if (response.ok && body?.dryRun) {
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
  if (response.ok && body?.key) {
    return {
      kind: "stored",
      key: body.key,
      outcome: body.outcome ?? "created",
      message: body.message,
      title: body.title,
      trust: body.trust,
      warnings: body.warnings ?? [],
    };
  }
  const message = body?.error?.message ?? fallbackMessage(response.status);
  return { kind: "refused", message, problems: body?.error?.problems ?? [] };
}

function fallbackMessage(status: number): string {
  if (status === 413) return "the file is too large for this Marketplace";
  if (status === 429) return "too many uploads from your address; wait a minute and try again";
  return `the server answered with status ${status}`;
}
