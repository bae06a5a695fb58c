import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getDraft } from "@/db";
import { env } from "@/lib/env";
import { baseUrlFrom } from "@/lib/http/request-info";
import { sessionActor } from "@/lib/server/auth/actor";
import { DRAFT_STEPS } from "@/lib/wizard/draft";
import { ImageWizard } from "@/components/create/image-wizard";
import { PageHeader } from "@/components/layout/page-header";

export const metadata: Metadata = { title: "Create an entry" };
export const dynamic = "force-dynamic";

type Params = Promise<{ id: string; step: string }>;

/** `/create/{draft}/{step}`: one step of the wizard, with its own URL so reloads and the back button work. */
export default async function DraftStepPage({ params }: { params: Params }) {
  const { id, step } = await params;
  const actor = await sessionActor();
  if (actor.kind !== "user") redirect(`/sign-in?next=/create/${encodeURIComponent(id)}/${encodeURIComponent(step)}`);
  const draft = await getDraft(actor.user.id, id).catch(() => undefined);
  if (!draft) notFound();
  if (!DRAFT_STEPS[draft.flow].includes(step)) redirect(`/create/${draft.id}/${draft.step}`);
  if (draft.flow !== "image") redirect("/create");
  return (
    <>
      <PageHeader title="Describe your image">
        Your image stays on your computer: the browser computes its checksums. Each step is saved when you go on.
      </PageHeader>
      <ImageWizard
        draft={{ id: draft.id, revision: draft.revision, data: draft.data }}
        step={step}
        account={{ email: actor.user.email, name: actor.user.name ?? "" }}
        maxUploadBytes={env.MAX_UPLOAD_BYTES}
        endpoint={baseUrlFrom(await headers(), `http://localhost:${env.PORT}`).replace(/\/$/, "")}
      />
    </>
  );
}
