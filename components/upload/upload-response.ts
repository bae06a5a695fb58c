import type { EntryKey } from "@/lib/entries/types";

export interface UploadProblem {
  code: string;
  message: string;
  element?: string;
}

export type UploadResult =
  | { kind: "stored"; key: EntryKey; outcome: string; warnings: UploadProblem[] }
  | { kind: "refused"; message: string; problems: UploadProblem[] };

interface SuccessBody {
  key?: EntryKey;
  outcome?: string;
  warnings?: UploadProblem[];
}

interface ErrorBody {
  error?: { code?: string; message?: string; problems?: UploadProblem[] };
}

/** Reads the JSON API's answer to `POST /api/v1/entries`, tolerating a non-JSON body (a proxy's 413, say). */
export async function readUploadResponse(response: Response): Promise<UploadResult> {
  const body = (await response.json().catch(() => undefined)) as (SuccessBody & ErrorBody) | undefined;
  if (response.ok && body?.key) {
    return { kind: "stored", key: body.key, outcome: body.outcome ?? "created", warnings: body.warnings ?? [] };
  }
  const message = body?.error?.message ?? fallbackMessage(response.status);
  return { kind: "refused", message, problems: body?.error?.problems ?? [] };
}

function fallbackMessage(status: number): string {
  if (status === 413) return "the file is too large for this Marketplace";
  if (status === 429) return "too many uploads from your address; wait a minute and try again";
  return `the server answered with status ${status}`;
}
