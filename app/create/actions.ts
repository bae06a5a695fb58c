"use server";
/**
 * The wizard's start and "My drafts" actions. Each finds the signed-in account itself and only
 * touches that account's drafts (db/drafts.ts decides); Next checks the Origin of every server action.
 */
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { createDraft, deleteDraft } from "@/db";
import { setPageStatus } from "@/lib/process-hooks";
import { sessionActor } from "@/lib/server/auth/actor";
import { isIdentifier } from "@/lib/metadata/identifier";
import { DRAFT_FLOWS, DRAFT_STEPS, type DraftData } from "@/lib/wizard/draft";

async function signedIn() {
  const actor = await sessionActor();
  if (actor.kind !== "user") {
    setPageStatus(401);
    redirect("/sign-in?next=/create");
  }
  return actor;
}

export async function startDraftAction(form: FormData): Promise<void> {
  const actor = await signedIn();
  const flow = DRAFT_FLOWS.find((f) => f === form.get("flow")) ?? "image";
  // "Build from this appliance" names its base; anything but an identifier is ignored.
  const base = String(form.get("base") ?? "");
  const data: DraftData = flow === "build" && isIdentifier(base) ? { recipe: { base: { identifier: base } } } : {};
  const draft = await createDraft(actor.user.id, flow, data);
  redirect(`/create/${draft.id}/${DRAFT_STEPS[flow][0]}`);
}

export async function deleteDraftAction(form: FormData): Promise<void> {
  const actor = await signedIn();
  await deleteDraft(actor.user.id, String(form.get("id") ?? ""));
  revalidatePath("/create");
}
