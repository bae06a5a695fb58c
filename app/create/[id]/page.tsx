import { notFound, redirect } from "next/navigation";
import { getDraft } from "@/db";
import { sessionActor } from "@/lib/server/auth/actor";

/** `/create/{draft}`: the step the draft was saved at. */
export default async function DraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await sessionActor();
  if (actor.kind !== "user") redirect(`/sign-in?next=/create/${encodeURIComponent(id)}`);
  const draft = await getDraft(actor.user.id, id).catch(() => undefined);
  if (!draft) notFound();
  redirect(`/create/${draft.id}/${draft.step}`);
}
