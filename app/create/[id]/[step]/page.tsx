import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getDraft } from "@/db";
import { env } from "@/lib/env";
import { TRUST_LABELS } from "@/lib/metadata/pki/trust";
import { isPublishable } from "@/lib/metadata/pki/trust-policy";
import { baseUrlFrom } from "@/lib/http/request-info";
import { sessionActor } from "@/lib/server/auth/actor";
import { DRAFT_STEPS } from "@/lib/wizard/draft";
import { DraftWizard } from "@/components/create/draft-wizard";
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
  return (
    <>
      {draft.flow === "image" ? (
        <PageHeader title="Describe your image">
          Your image stays on your computer: the browser computes its checksums. Each step is saved when you go on.
        </PageHeader>
      ) : (
        <PageHeader title="Build an image">
          Choose a base, add software, and the Marketplace builds and boot-tests the image. Each step is saved when you go on.
        </PageHeader>
      )}
      <DraftWizard
        draft={{ id: draft.id, flow: draft.flow, revision: draft.revision, data: draft.data }}
        acceptedTrust={TRUST_LABELS.filter((label) => isPublishable(label, env.TRUST_POLICY))}
        step={step}
        account={{ email: actor.user.email, name: actor.user.name ?? "" }}
        maxUploadBytes={env.MAX_UPLOAD_BYTES}
        endpoint={baseUrlFrom(await headers(), `http://localhost:${env.PORT}`).replace(/\/$/, "")}
      />
    </>
  );
}
