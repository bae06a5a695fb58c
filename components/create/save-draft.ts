/** Saving a wizard step: PUT /api/v1/drafts/{id} on the revision the page holds; the server's refusals as field messages. */
import type { DraftData } from "@/lib/wizard/draft";

export type SaveOutcome = { ok: true; revision: number } | { ok: false; message: string; fields: Record<string, string> };

export async function saveDraftStep(id: string, step: string, data: DraftData, revision: number): Promise<SaveOutcome> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/drafts/${id}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ step, data, revision }),
    });
  } catch {
    return { ok: false, message: "The Marketplace could not be reached: your entries are still here, try again.", fields: {} };
  }
  const body = (await response.json().catch(() => ({}))) as {
    revision?: number;
    error?: { message?: string; fields?: { field: string; message: string }[] };
  };
  if (response.ok && typeof body.revision === "number") return { ok: true, revision: body.revision };
  const fields = Object.fromEntries(
    (body.error?.fields ?? []).map((f) => [f.field.replace(/^data\.(image\.)?(hashes\.)?/, "").replace(/^metadata\./, ""), f.message]),
  );
  // Each refusal is shown beside its field too; the banner gives the reasons without the API's field paths.
  const reasons = [...new Set(Object.values(fields))];
  const message =
    reasons.length > 0
      ? `The Marketplace refused ${reasons.length === 1 ? "a value" : "some values"}: ${reasons.join("; ")}`
      : (body.error?.message ?? `The draft could not be saved (${response.status}).`);
  return { ok: false, message, fields };
}
