"use client";

import { useMemo, useState } from "react";
import { draftRecipe, problemsByField } from "@/lib/wizard/draft-recipe";
import type { DraftData } from "@/lib/wizard/draft";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { BuildProgress } from "./build-progress";
import { Field } from "./fields";
import type { StepProps } from "./draft-wizard";

const baseText = (base: unknown): string => {
  if (!base || typeof base !== "object") return "not chosen";
  if ("bootstrap" in base) return "Debian 12 (bookworm) from scratch";
  if ("identifier" in base) return `the Marketplace appliance ${(base as { identifier: string }).identifier}`;
  if ("upload" in base) return `your uploaded disk ${(base as { upload: string }).upload}`;
  return "not chosen";
};

/**
 * Build step 3: the image's title (the skeletal metadata's, which the next step fills in from), a
 * summary of the recipe, then the build itself, started through the draft so a refresh or another
 * device finds it, and followed live (build-progress.tsx) to its images, checksums and boot test.
 */
export function BuildStep({
  draftId,
  data,
  next,
  save,
  started,
}: StepProps & {
  draftId: string;
  started: (buildId: string, revision: number) => void;
  /** Saves the data on this step without moving on; the new revision, or the server's field messages. */
  save: (data: DraftData) => Promise<{ revision: number } | { fields: Record<string, string> }>;
}) {
  const recipe = useMemo(() => data.recipe ?? {}, [data.recipe]);
  const metadata = (recipe.metadata ?? {}) as Record<string, unknown>;
  const [title, setTitle] = useState(typeof metadata.title === "string" ? metadata.title : "");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [buildId, setBuildId] = useState(data.buildId);

  const withTitle = { ...recipe, metadata: { os: "Debian", osVersion: "12", ...metadata, title: title.trim() } };
  const made = draftRecipe(withTitle);
  const problems = problemsByField("problems" in made ? made.problems : []);

  async function start() {
    if (problems["metadata.title"]) return setError(problems["metadata.title"]);
    setBusy(true);
    setError(undefined);
    const updated = { ...data, recipe: withTitle };
    const saved = await save(updated);
    if ("fields" in saved) {
      setBusy(false);
      return setError(saved.fields["metadata.title"] ?? Object.entries(saved.fields).map(([k, v]) => `${k}: ${v}`)[0]);
    }
    const response = await fetch(`/api/v1/drafts/${draftId}/build`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ revision: saved.revision }),
    }).catch(() => undefined);
    const body = (await response?.json().catch(() => ({}))) as { build?: string; revision?: number; error?: { message?: string } };
    setBusy(false);
    if (!response?.ok || !body.build || body.revision === undefined) {
      return setError(body.error?.message ?? "The build could not be started: try again.");
    }
    started(body.build, body.revision);
    setBuildId(body.build);
  }

  if (buildId) {
    return <BuildProgress buildId={buildId} onDone={(done) => next(done(data))} />;
  }

  const packages = Array.isArray(recipe.packages) ? (recipe.packages as string[]) : [];
  const scripts = Array.isArray(recipe.scripts) ? (recipe.scripts as { name: string }[]) : [];
  const formats = Array.isArray(recipe.formats) ? (recipe.formats as string[]) : ["qcow2"];
  const context = Array.isArray(recipe.context) ? (recipe.context as string[]) : [];
  return (
    <Card as="section" aria-labelledby="build-heading" className="max-w-3xl space-y-4 p-5">
      <h2 id="build-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
        Build the image
      </h2>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium text-slate-700 dark:text-slate-300">Base</dt>
        <dd className="wrap-anywhere text-slate-900 dark:text-slate-100">{baseText(recipe.base)}</dd>
        <dt className="font-medium text-slate-700 dark:text-slate-300">Packages</dt>
        <dd className="font-mono wrap-anywhere text-slate-900 dark:text-slate-100">{packages.join(" ") || "none"}</dd>
        <dt className="font-medium text-slate-700 dark:text-slate-300">Scripts</dt>
        <dd className="font-mono wrap-anywhere text-slate-900 dark:text-slate-100">{scripts.map((s) => s.name).join(", ") || "none"}</dd>
        <dt className="font-medium text-slate-700 dark:text-slate-300">Contextualization</dt>
        <dd className="text-slate-900 dark:text-slate-100">{context.join(" and ") || "none"}</dd>
        <dt className="font-medium text-slate-700 dark:text-slate-300">Bootable</dt>
        <dd className="text-slate-900 dark:text-slate-100">{recipe.bootable === true ? "yes, with a boot test" : "no"}</dd>
        <dt className="font-medium text-slate-700 dark:text-slate-300">Formats</dt>
        <dd className="text-slate-900 dark:text-slate-100">{formats.join(", ")}</dd>
      </dl>
      <Field
        id="build-title"
        label="Title of the image"
        help="e.g. Debian 12 with nginx; the description step starts from it"
        error={error}
      >
        {(props) => (
          <input
            {...props}
            value={title}
            onChange={(event) => {
              setTitle(event.target.value);
              setError(undefined);
            }}
          />
        )}
      </Field>
      <Button onClick={() => void start()} disabled={busy}>
        {busy ? "Starting…" : "Start the build"}
      </Button>
    </Card>
  );
}
