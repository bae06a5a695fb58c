"use client";

import { useEffect, useRef, useState } from "react";
import { BUILD_STAGES, FINISHED_BUILD_STATUSES } from "@/lib/build/build-status";
import type { DraftData } from "@/lib/wizard/draft";
import { afterBuild, entryArtifact, type BuiltArtifact } from "@/lib/wizard/draft-recipe";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { AlertIcon, CheckIcon } from "@/components/ui/icons";

interface Build {
  id: string;
  status: string;
  stage: string | null;
  percent: number;
  error: string | null;
  recipe: Record<string, unknown>;
  artifacts: BuiltArtifact[];
  metadata: string | null;
  boot: { passed: boolean; seconds: number; detail: string } | null;
}

/** The log keeps this many lines on the page (the whole log stays on the server). */
const LOG_LINES = 500;
const STAGE_LABELS: Record<string, string> = {
  "resolve-base": "Base",
  customise: "Packages and scripts",
  "clean-up": "Clean up",
  assemble: "Disk",
  convert: "Formats",
  "boot-test": "Boot test",
  checksum: "Checksums",
  metadata: "Metadata",
};

const finished = (status: string) => (FINISHED_BUILD_STATUSES as readonly string[]).includes(status);

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * A build followed live: its server-sent events (status, "stage percent", log lines; the browser's
 * EventSource resumes with Last-Event-ID after a dropped connection), cancel and retry, and at the end
 * the images with their checksums, the boot test, and the skeletal metadata. The progress bar and the
 * log keep their size from the start, so nothing below moves while the build runs.
 */
export function BuildProgress({
  buildId,
  onDone,
}: {
  buildId: string;
  onDone: (done: (data: DraftData) => DraftData) => Promise<Record<string, string> | undefined>;
}) {
  const [build, setBuild] = useState<Build>();
  const [stage, setStage] = useState<{ name: string; percent: number }>();
  const [status, setStatus] = useState<string>();
  const [log, setLog] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const logRef = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let closed = false;
    const load = () =>
      fetch(`/api/v1/builds/${buildId}`, { headers: { Accept: "application/json" } })
        .then(async (response) => {
          const body = (await response.json()) as Build & { error?: unknown };
          if (!response.ok) throw new Error(`the build could not be read (${response.status})`);
          if (closed) return;
          setBuild(body);
          setStatus(body.status);
          if (body.stage) setStage({ name: body.stage, percent: body.percent });
        })
        .catch((error: Error) => setMessage(error.message));
    void load();
    const events = new EventSource(`/api/v1/builds/${buildId}/events`);
    events.addEventListener("stage", (event) => {
      const [name = "", percent = "0"] = (event as MessageEvent<string>).data.split(" ");
      setStage({ name, percent: Number(percent) });
    });
    events.addEventListener("log", (event) => {
      const lines = (event as MessageEvent<string>).data.split("\n");
      setLog((kept) => [...kept, ...lines].slice(-LOG_LINES));
    });
    events.addEventListener("status", (event) => {
      const now = (event as MessageEvent<string>).data;
      setStatus(now);
      if (finished(now)) {
        events.close();
        void load();
      }
    });
    return () => {
      closed = true;
      events.close();
    };
  }, [buildId, attempt]);

  useEffect(() => {
    const element = logRef.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [log]);

  async function act(what: "cancel" | "retry") {
    setBusy(true);
    setMessage(undefined);
    const response = await fetch(`/api/v1/builds/${buildId}/${what}`, { method: "POST", headers: { Accept: "application/json" } }).catch(
      () => undefined,
    );
    setBusy(false);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => ({}))) as { error?: { message?: string } } | undefined;
      return setMessage(body?.error?.message ?? `could not ${what} the build: try again`);
    }
    if (what === "retry") {
      setLog((kept) => [...kept, "— retrying —"]);
      setStage(undefined);
      setStatus("queued");
      setAttempt(attempt + 1);
    }
  }

  const current = status ?? build?.status ?? "queued";
  const bootable = build?.recipe.bootable === true && build.recipe.bootTest !== false;
  const stages = BUILD_STAGES.filter((name) => name !== "boot-test" || bootable);
  const at = stage ? stages.indexOf(stage.name as (typeof stages)[number]) : -1;
  const percent = current === "succeeded" ? 100 : (stage?.percent ?? 0);
  const artifact = build && current === "succeeded" ? entryArtifact(build.artifacts) : undefined;

  async function goOn() {
    if (!build || !artifact) return;
    setBusy(true);
    const fields = await onDone((data) => afterBuild(data, artifact, build.recipe));
    setBusy(false);
    if (fields) setMessage(Object.values(fields)[0]);
  }

  return (
    <div className="space-y-6">
      <Card as="section" aria-labelledby="progress-heading" className="space-y-4 p-5">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="progress-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
            Build <span className="font-mono text-sm">{buildId}</span>
          </h2>
          <p className="text-sm font-medium text-slate-800 dark:text-slate-200" aria-live="polite" data-testid="build-status">
            {current === "running" && stage ? `${STAGE_LABELS[stage.name] ?? stage.name}: ${percent}%` : current}
          </p>
        </div>
        <div
          role="progressbar"
          aria-label="Build progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
        >
          <div
            className={`h-full transition-[width] ${current === "failed" || current === "cancelled" ? "bg-red-600" : "bg-indigo-600"}`}
            style={{ width: `${percent}%` }}
          />
        </div>
        <ol className="flex flex-wrap gap-2 text-xs" aria-label="Build stages">
          {stages.map((name, index) => {
            const done = current === "succeeded" || index < at;
            const now = index === at && current === "running";
            return (
              <li
                key={name}
                aria-current={now ? "step" : undefined}
                className={`rounded-full px-2.5 py-1 font-medium ${
                  done
                    ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
                    : now
                      ? "bg-indigo-600 text-white"
                      : "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-400"
                }`}
              >
                {done ? "✓ " : ""}
                {STAGE_LABELS[name] ?? name}
              </li>
            );
          })}
        </ol>
        <pre
          ref={logRef}
          tabIndex={0}
          aria-label="Build log"
          className="h-64 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap text-slate-100"
        >
          {log.join("\n") || "Waiting for the build to start…"}
        </pre>
        {build?.error && (current === "failed" || current === "cancelled") ? (
          <p role="alert" className="text-sm text-red-800 dark:text-red-200">
            {build.error}
          </p>
        ) : null}
        {message ? (
          <p role="alert" className="text-sm text-red-800 dark:text-red-200">
            {message}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {current === "queued" || current === "running" ? (
            <Button variant="secondary" onClick={() => void act("cancel")} disabled={busy}>
              Cancel the build
            </Button>
          ) : null}
          {current === "failed" || current === "cancelled" ? (
            <Button onClick={() => void act("retry")} disabled={busy}>
              Retry the build
            </Button>
          ) : null}
        </div>
      </Card>
      {build && current === "succeeded" ? (
        <Card as="section" aria-labelledby="result-heading" className="space-y-4 p-5">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="result-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
              Your image is built
            </h2>
            {build.boot ? (
              build.boot.passed ? (
                <Badge tone="green" icon={<CheckIcon className="size-3.5" />} title={build.boot.detail}>
                  Boot test passed in {Math.round(build.boot.seconds)} s
                </Badge>
              ) : (
                <Badge tone="red" icon={<AlertIcon className="size-3.5" />} title={build.boot.detail}>
                  Boot test failed
                </Badge>
              )
            ) : null}
          </div>
          <ul className="space-y-3">
            {build.artifacts.map((a) => (
              <li key={a.name} className="min-w-0 text-sm">
                <a href={a.url} className="font-mono font-medium wrap-anywhere text-indigo-700 underline dark:text-indigo-300">
                  {a.name}
                </a>{" "}
                <span className="text-slate-600 dark:text-slate-400">
                  ({a.format}, {mebibytes(a.bytes)}){a === artifact ? " · the entry describes this one" : ""}
                </span>
                <dl className="mt-1 grid gap-x-3 font-mono text-xs wrap-anywhere text-slate-700 sm:grid-cols-[5rem_1fr] dark:text-slate-300">
                  <dt>SHA-256</dt>
                  <dd>{a.sha256}</dd>
                  <dt>SHA-1</dt>
                  <dd>{a.sha1}</dd>
                  <dt>MD5</dt>
                  <dd>{a.md5}</dd>
                </dl>
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            {build.metadata ? (
              <a href={build.metadata} className={buttonClass({ variant: "secondary" })}>
                Download the skeletal metadata
              </a>
            ) : null}
            <Button onClick={() => void goOn()} disabled={busy || !artifact}>
              Describe the image
            </Button>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
