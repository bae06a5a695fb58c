"use client";

import { useEffect, useRef, useState, useSyncExternalStore, type DragEvent, type FormEvent } from "react";
import { formatBytes } from "@/components/format";
import { Button } from "@/components/ui/button";
import { CheckIcon, FileIcon, UploadIcon } from "@/components/ui/icons";
import { readUploadResponse, type UploadFormResult } from "./upload-response";
import { UploadResultPanel } from "./upload-result-panel";

const noSubscription = () => () => {};

/**
 * Upload of one signed metadata file, or its dry run ("Validate only": every check, nothing stored).
 * With JavaScript it posts to the JSON API and lists every problem; without, the same form posts to
 * `/metadata` with the original field name (`?dryRun=true` for the dry run), which answers with a page.
 * The buttons wait for a file only once JavaScript runs: without it they must stay usable.
 */
export function UploadForm({ maxBytes, disabled = false }: { maxBytes: number; disabled?: boolean }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [file, setFile] = useState<File | undefined>();
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<"upload" | "validate" | undefined>();
  const [result, setResult] = useState<UploadFormResult | undefined>();

  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const tooLarge = file !== undefined && file.size > maxBytes;

  function choose(files: FileList | null) {
    const chosen = files?.[0];
    setFile(chosen);
    // Said at once, not after a round trip that the server would refuse anyway.
    setResult(
      chosen && chosen.size > maxBytes
        ? {
            kind: "refused",
            message: `The file is ${formatBytes(String(chosen.size))}; this Marketplace accepts at most ${formatBytes(String(maxBytes))}.`,
            problems: [],
          }
        : undefined,
    );
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (disabled || event.dataTransfer.files.length === 0) return;
    if (inputRef.current) inputRef.current.files = event.dataTransfer.files;
    choose(event.dataTransfer.files);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const dryRun = submitter?.getAttribute("data-dry-run") === "true";
    if (!file || tooLarge) return;
    const body = new FormData();
    body.append("file", file, file.name);
    setBusy(dryRun ? "validate" : "upload");
    try {
      const response = await fetch(dryRun ? "/api/v1/entries?dryRun=true" : "/api/v1/entries", {
        method: "POST",
        body,
        headers: { accept: "application/json" },
      });
      setResult(await readUploadResponse(response));
    } catch {
      setResult({ kind: "refused", message: "The Marketplace could not be reached. Check your connection and try again.", problems: [] });
    } finally {
      setBusy(undefined);
    }
  }

  const blocked = disabled || busy !== undefined || (hydrated && (!file || tooLarge));

  return (
    <div className="space-y-6">
      <form action="/metadata" method="POST" encType="multipart/form-data" onSubmit={submit} className="space-y-4">
        <div
          onDragOver={(event) => {
            event.preventDefault();
            if (!disabled) setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <input
            ref={inputRef}
            id="metadata-file"
            type="file"
            name="Metadata File"
            accept=".xml,application/xml,application/rdf+xml,text/xml"
            disabled={disabled}
            onChange={(event) => choose(event.target.files)}
            className="peer sr-only"
          />
          <label
            htmlFor="metadata-file"
            className={`flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-10 text-center transition-colors peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600 peer-disabled:cursor-not-allowed peer-disabled:opacity-60 dark:peer-focus-visible:outline-indigo-400 ${
              dragging
                ? "border-indigo-500 bg-indigo-50 dark:bg-indigo-950"
                : "border-slate-300 bg-white hover:border-slate-400 dark:border-slate-600 dark:bg-slate-900 dark:hover:border-slate-500"
            }`}
          >
            <UploadIcon className="size-8 text-slate-400 dark:text-slate-500" />
            <span className="text-sm text-slate-700 dark:text-slate-300">
              Drop a signed metadata file here, or{" "}
              <span className="font-semibold text-indigo-700 underline underline-offset-2 dark:text-indigo-300">choose a file</span>
            </span>
            <span className="text-xs text-slate-500 dark:text-slate-400">XML, up to {formatBytes(String(maxBytes))}</span>
          </label>
        </div>

        <div className="flex min-h-10 flex-wrap items-center justify-between gap-3">
          <p className="flex min-w-0 items-center gap-2 text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
            {file ? (
              <>
                <FileIcon className="size-4 text-slate-500 dark:text-slate-400" />
                <span className="truncate font-medium">{file.name}</span>
                <span
                  className={`shrink-0 ${tooLarge ? "font-medium text-red-700 dark:text-red-400" : "text-slate-500 dark:text-slate-400"}`}
                >
                  ({formatBytes(String(file.size))})
                </span>
              </>
            ) : (
              <span className="text-slate-500 dark:text-slate-400">No file chosen</span>
            )}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" data-dry-run="true" formAction="/metadata?dryRun=true" disabled={blocked} variant="secondary">
              <CheckIcon />
              {busy === "validate" ? "Checking…" : "Validate only"}
            </Button>
            <Button type="submit" disabled={blocked}>
              <UploadIcon />
              {busy === "upload" ? "Checking and uploading…" : "Upload"}
            </Button>
          </div>
        </div>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          “Validate only” runs every check and reports every problem without storing anything.
        </p>
      </form>

      <div aria-live="polite">{result ? <UploadResultPanel result={result} headingRef={resultRef} /> : null}</div>
    </div>
  );
}
