"use client";

import { useEffect, useRef, useState, type DragEvent, type FormEvent } from "react";
import { formatBytes } from "@/components/format";
import { FileIcon, UploadIcon } from "@/components/ui/icons";
import { readUploadResponse, type UploadResult } from "./upload-response";
import { UploadResultPanel } from "./upload-result-panel";

/**
 * Upload of one signed metadata file. With JavaScript it posts to the JSON API and lists every
 * problem; without, the same form posts to `/metadata` with the original field name.
 */
export function UploadForm({ maxBytes, disabled = false }: { maxBytes: number; disabled?: boolean }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const [file, setFile] = useState<File | undefined>();
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [result, setResult] = useState<UploadResult | undefined>();

  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  function choose(files: FileList | null) {
    setFile(files?.[0]);
    setResult(undefined);
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
    if (!file) {
      setResult({ kind: "refused", message: "Choose a signed metadata file first.", problems: [] });
      return;
    }
    if (file.size > maxBytes) {
      setResult({ kind: "refused", message: `The file is ${formatBytes(String(file.size))}; this Marketplace accepts at most ${formatBytes(String(maxBytes))}.`, problems: [] });
      return;
    }
    const body = new FormData();
    body.append("file", file, file.name);
    setUploading(true);
    try {
      const response = await fetch("/api/v1/entries", { method: "POST", body, headers: { accept: "application/json" } });
      setResult(await readUploadResponse(response));
    } catch {
      setResult({ kind: "refused", message: "The Marketplace could not be reached. Check your connection and try again.", problems: [] });
    } finally {
      setUploading(false);
    }
  }

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
            className={`flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-10 text-center transition-colors peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600 peer-disabled:cursor-not-allowed peer-disabled:opacity-60 ${
              dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white hover:border-slate-400"
            }`}
          >
            <UploadIcon className="size-8 text-slate-400" />
            <span className="text-sm text-slate-700">
              Drop a signed metadata file here, or <span className="font-semibold text-indigo-700 underline underline-offset-2">choose a file</span>
            </span>
            <span className="text-xs text-slate-500">XML, up to {formatBytes(String(maxBytes))}</span>
          </label>
        </div>

        <div className="flex min-h-10 flex-wrap items-center justify-between gap-3">
          <p className="flex min-w-0 items-center gap-2 text-sm text-slate-700" aria-live="polite">
            {file ? (
              <>
                <FileIcon className="size-4 text-slate-500" />
                <span className="truncate font-medium">{file.name}</span>
                <span className="shrink-0 text-slate-500">({formatBytes(String(file.size))})</span>
              </>
            ) : (
              <span className="text-slate-500">No file chosen</span>
            )}
          </p>
          <button
            type="submit"
            disabled={disabled || uploading}
            className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60"
          >
            <UploadIcon />
            {uploading ? "Checking and uploading…" : "Upload"}
          </button>
        </div>
      </form>

      <div aria-live="polite">{result ? <UploadResultPanel result={result} headingRef={resultRef} /> : null}</div>
    </div>
  );
}
