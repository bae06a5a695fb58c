"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { DRAFT_STEPS, type DraftData } from "@/lib/wizard/draft";
import { HashStep } from "./hash-step";
import { LocationStep } from "./location-step";
import { MetadataStep } from "./metadata-step";
import { saveDraftStep } from "./save-draft";
import { SignStep } from "./sign-step";
import { StepIndicator } from "./step-indicator";

export interface StepProps {
  data: DraftData;
  /** Saves the step's data and goes on to the next step; resolves to the server's field messages when it refuses. */
  next: (data: DraftData) => Promise<Record<string, string> | undefined>;
}

/**
 * The "I have an image" flow (the seed's stratus-build-metadata path): image -> location -> description
 * -> sign and publish. Each step is saved on the server before the next one opens at its own URL.
 */
export function ImageWizard({
  draft,
  step,
  account,
  maxUploadBytes,
  endpoint,
}: {
  draft: { id: string; revision: number; data: DraftData };
  step: string;
  account: { email: string; name: string };
  maxUploadBytes: number;
  /** This Marketplace's public origin, for the commands shown. */
  endpoint: string;
}) {
  const router = useRouter();
  const steps = DRAFT_STEPS.image;
  const [state, setState] = useState({ data: draft.data, revision: draft.revision });
  const [message, setMessage] = useState<string>();

  async function next(data: DraftData): Promise<Record<string, string> | undefined> {
    const following = steps[steps.indexOf(step) + 1] ?? step;
    setMessage(undefined);
    const saved = await saveDraftStep(draft.id, following, data, state.revision);
    if (!saved.ok) {
      setMessage(saved.message);
      return saved.fields;
    }
    setState({ data, revision: saved.revision });
    router.push(`/create/${draft.id}/${following}`);
    return undefined;
  }

  const props: StepProps = { data: state.data, next };
  return (
    <div>
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
      {step === "metadata" ? <MetadataStep {...props} account={account} /> : null}
      {step === "sign" ? <SignStep draftId={draft.id} data={state.data} maxUploadBytes={maxUploadBytes} endpoint={endpoint} /> : null}
    </div>
  );
}
