"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TrustLabel } from "@/lib/metadata/pki/trust";
import { DRAFT_STEPS, type DraftData, type DraftFlow } from "@/lib/wizard/draft";
import { BaseStep } from "./base-step";
import { BuildStep } from "./build-step";
import { HashStep } from "./hash-step";
import { LocationStep } from "./location-step";
import { MetadataStep } from "./metadata-step";
import { saveDraftStep } from "./save-draft";
import { SignStep } from "./sign-step";
import { SoftwareStep } from "./software-step";
import { StepIndicator } from "./step-indicator";

export interface StepProps {
  data: DraftData;
  /** Saves the step's data and goes on to the next step; resolves to the server's field messages when it refuses. */
  next: (data: DraftData) => Promise<Record<string, string> | undefined>;
}

/**
 * Both ways through the wizard, one step per URL. "I have an image" (the seed's stratus-build-metadata
 * path): image -> location -> description -> sign and publish. "Build me an image" (stratus-create-image):
 * base -> software -> build -> description -> sign and publish. Each step is saved on the server before
 * the next one opens at its own URL, so a refresh, the back button or another device loses nothing.
 */
export function DraftWizard({
  draft,
  step,
  account,
  maxUploadBytes,
  endpoint,
  acceptedTrust,
}: {
  draft: { id: string; flow: DraftFlow; revision: number; data: DraftData };
  step: string;
  account: { email: string; name: string };
  maxUploadBytes: number;
  /** This Marketplace's public origin, for the commands shown. */
  endpoint: string;
  /** The trust labels a base appliance may have here (the site's TRUST_POLICY). */
  acceptedTrust: readonly TrustLabel[];
}) {
  const router = useRouter();
  const steps = DRAFT_STEPS[draft.flow];
  const [state, setState] = useState({ data: draft.data, revision: draft.revision });
  const [message, setMessage] = useState<string>();

  async function save(data: DraftData, onStep: string): Promise<{ revision: number } | { fields: Record<string, string> }> {
    setMessage(undefined);
    const saved = await saveDraftStep(draft.id, onStep, data, state.revision);
    if (!saved.ok) {
      setMessage(saved.message);
      return { fields: saved.fields };
    }
    setState({ data, revision: saved.revision });
    return { revision: saved.revision };
  }

  async function next(data: DraftData): Promise<Record<string, string> | undefined> {
    const following = steps[steps.indexOf(step) + 1] ?? step;
    const saved = await save(data, following);
    if ("fields" in saved) return saved.fields;
    router.push(`/create/${draft.id}/${following}`);
    return undefined;
  }

  const props: StepProps = { data: state.data, next };
  return (
    // A refusal's banner goes once the user changes something (each field keeps its own message).
    <div onInput={() => setMessage(undefined)}>
      <StepIndicator draftId={draft.id} steps={steps} current={step} />
      {message ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-600/25 ring-inset dark:bg-red-950/60 dark:text-red-200"
        >
          {message}
        </p>
      ) : null}
      {step === "image" ? <HashStep {...props} /> : null}
      {step === "location" ? <LocationStep {...props} /> : null}
      {step === "base" ? <BaseStep {...props} acceptedTrust={acceptedTrust} /> : null}
      {step === "software" ? <SoftwareStep {...props} /> : null}
      {step === "build" ? (
        <BuildStep
          {...props}
          draftId={draft.id}
          save={(data) => save(data, "build")}
          // The server saved the build's id in the draft when it started it: the page holds that revision now.
          started={(buildId, revision) => setState((now) => ({ data: { ...now.data, buildId }, revision }))}
        />
      ) : null}
      {step === "metadata" ? <MetadataStep {...props} account={account} /> : null}
      {step === "sign" ? <SignStep draftId={draft.id} data={state.data} maxUploadBytes={maxUploadBytes} endpoint={endpoint} /> : null}
    </div>
  );
}
