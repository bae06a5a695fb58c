"use server";
/** The entry page's moderation: hide (reason required) and show again. Each re-checks the moderator role itself. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { entryPath } from "@/lib/entries/entry-urls";
import { hideBodySchema } from "@/lib/accounts/admin-schemas";
import { AppError } from "@/lib/errors";
import { hideEntryAs, showEntryAs } from "@/lib/server/admin/use-cases";
import { actionAddress, runAction, type ActionState } from "@/lib/server/auth/action-result";
import { requireRole, sessionActor } from "@/lib/server/auth/actor";

const keyForm = z.object({ identifier: z.string().min(1).max(200), email: z.string().min(1).max(320), created: z.string().min(1).max(40) });

function keyOf(form: FormData) {
  const parsed = keyForm.safeParse({ identifier: form.get("identifier"), email: form.get("email"), created: form.get("created") });
  if (!parsed.success) throw new AppError("bad_request", "the form does not name an entry");
  return parsed.data;
}

export async function hideAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = requireRole(await sessionActor(), "moderator");
    const key = keyOf(form);
    const parsed = hideBodySchema.safeParse({ reason: form.get("reason") ?? undefined });
    if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "reason is required");
    await hideEntryAs(actor, key, parsed.data.reason, await actionAddress());
    // The page answers with its new state (the hidden notice, "Show again") in the action's response.
    revalidatePath(entryPath(key));
    return "the entry is hidden.";
  });
}

export async function showAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = requireRole(await sessionActor(), "moderator");
    const key = keyOf(form);
    await showEntryAs(actor, key, await actionAddress());
    revalidatePath(entryPath(key));
    return "the entry is shown again.";
  });
}
