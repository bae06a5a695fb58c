"use client";

import { useRef, useState } from "react";
import { hashFileInWorker } from "@/lib/browser-hash/hash-in-worker";
import { sha1HexToIdentifier } from "@/lib/browser-hash/identifier";
import { imageHashesSchema, type ImageHashes } from "@/lib/wizard/draft";
import { formatBytes } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "./fields";
import type { StepProps } from "./draft-wizard";

const DIGESTS = [
  ["md5", "MD5", 32],
  ["sha1", "SHA-1", 40],
  ["sha256", "SHA-256", 64],
  ["sha512", "SHA-512", 128],
] as const;

/**
 * Step 1: the image's size, four digests and identifier, computed in a Web Worker in one pass (gzip,
 * xz and bzip2 decompressed on the way; the file never leaves the computer), or pasted from
 * `marketplace build-metadata`.
 */
export function HashStep({ data, next }: StepProps) {
  const [hashes, setHashes] = useState<ImageHashes | undefined>(data.image?.hashes);
  const [fileName, setFileName] = useState(data.image?.fileName);
  const [progress, setProgress] = useState<{ read: number; total: number }>();
  const [error, setError] = useState<string>();
  const [pasted, setPasted] = useState<Record<string, string>>({});
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const cancel = useRef<AbortController | undefined>(undefined);

  async function hash(file: File | undefined) {
    if (!file) return;
    cancel.current?.abort();
    const controller = new AbortController();
    cancel.current = controller;
    setError(undefined);
    setHashes(undefined);
    setFileName(file.name);
    setProgress({ read: 0, total: file.size });
    try {
      const result = await hashFileInWorker(file, { signal: controller.signal, onProgress: (read, total) => setProgress({ read, total }) });
      setHashes(result);
    } catch (failure) {
      setError(controller.signal.aborted ? "Hashing cancelled." : failure instanceof Error ? failure.message : String(failure));
    } finally {
      setProgress(undefined);
      cancel.current = undefined;
    }
  }

  function usePasted() {
    const sha1 = (pasted.sha1 ?? "").trim().toLowerCase();
    const candidate = {
      bytes: Number((pasted.bytes ?? "").trim() || Number.NaN),
      md5: (pasted.md5 ?? "").trim().toLowerCase(),
      sha1,
      sha256: (pasted.sha256 ?? "").trim().toLowerCase(),
      sha512: (pasted.sha512 ?? "").trim().toLowerCase(),
      identifier: /^[0-9a-f]{40}$/.test(sha1) ? sha1HexToIdentifier(sha1) : "",
      compression: null,
    };
    const parsed = imageHashesSchema.safeParse(candidate);
    if (!parsed.success) {
      setFields(
        Object.fromEntries(
          parsed.error.issues.map((issue) => [
            String(issue.path[0]),
            issue.message === "Invalid input: expected number, received NaN" ? "the size in bytes, a whole number" : issue.message,
          ]),
        ),
      );
      return;
    }
    setFields({});
    setHashes(parsed.data);
  }

  async function go() {
    if (!hashes) return;
    setBusy(true);
    const refused = await next({ ...data, image: { ...data.image, hashes, ...(fileName ? { fileName } : {}) } });
    setBusy(false);
    if (refused) setFields(refused);
  }

  const percent = progress && progress.total > 0 ? Math.min(100, Math.floor((progress.read / progress.total) * 100)) : 0;
  return (
    <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
      <Card as="section" aria-labelledby="hash-heading" className="min-w-0 space-y-4 p-5">
        <h2 id="hash-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
          Hash your image here
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Choose the image file (raw, qcow2, vmdk..., or gzip, xz or bzip2 compressed). It is read here, never uploaded. bzip2 decodes
          slowly in a browser (a few MiB/s): for a large bzip2 image, bunzip2 it first or paste the values of marketplace build-metadata.
        </p>
        <input
          id="image-file"
          type="file"
          onChange={(event) => void hash(event.target.files?.[0])}
          className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-600 file:px-3 file:py-2 file:font-semibold file:text-white dark:text-slate-300"
          aria-describedby="hash-status"
        />
        {/* Always the same height: the page does not move while hashing. */}
        <div id="hash-status" aria-live="polite" className="h-14 space-y-2">
          {progress ? (
            <>
              <div className="flex items-center justify-between text-xs text-slate-600 dark:text-slate-400">
                <span>
                  Hashing {fileName}: {formatBytes(String(progress.read))} of {formatBytes(String(progress.total))}
                </span>
                <Button size="xs" variant="secondary" onClick={() => cancel.current?.abort()}>
                  Cancel
                </Button>
              </div>
              <progress max={100} value={percent} aria-label="Hashing progress" className="h-2 w-full accent-indigo-600">
                {percent}%
              </progress>
            </>
          ) : error ? (
            <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
              {error}
            </p>
          ) : null}
        </div>
      </Card>

      <Card as="section" aria-labelledby="paste-heading" className="min-w-0 space-y-2 p-5">
        <h2 id="paste-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
          Or paste what <code className="font-mono">marketplace build-metadata</code> printed
        </h2>
        <Field id="pasted-bytes" label="Size in bytes (uncompressed)" error={fields.bytes}>
          {(props) => (
            <input
              {...props}
              inputMode="numeric"
              value={pasted.bytes ?? ""}
              onChange={(e) => setPasted({ ...pasted, bytes: e.target.value })}
            />
          )}
        </Field>
        {DIGESTS.map(([key, label, length]) => (
          <Field key={key} id={`pasted-${key}`} label={label} help={`${length} hex digits`} error={fields[key]}>
            {(props) => (
              <input
                {...props}
                spellCheck={false}
                className={`${props.className} font-mono`}
                value={pasted[key] ?? ""}
                onChange={(e) => setPasted({ ...pasted, [key]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <Button variant="secondary" onClick={usePasted}>
          Use these values
        </Button>
      </Card>

      <section aria-labelledby="result-heading" className="lg:col-span-2">
        <h2 id="result-heading" className="sr-only">
          The image&apos;s checksums
        </h2>
        {hashes ? (
          <Card className="space-y-1 p-5 text-sm">
            <p className="text-slate-700 dark:text-slate-300">
              {fileName ? `${fileName}: ` : ""}
              {formatBytes(String(hashes.bytes))} ({hashes.bytes.toLocaleString("en")} bytes) uncompressed
              {hashes.compression ? `, ${hashes.compression}-compressed` : ""}
            </p>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 font-mono text-xs">
              <dt className="text-slate-500">Identifier</dt>
              <dd data-testid="hash-identifier" className="wrap-anywhere text-slate-900 dark:text-slate-100">
                {hashes.identifier}
              </dd>
              {DIGESTS.map(([key, label]) => (
                <div key={key} className="contents">
                  <dt className="text-slate-500">{label}</dt>
                  <dd data-testid={`hash-${key}`} className="wrap-anywhere text-slate-900 dark:text-slate-100">
                    {hashes[key]}
                  </dd>
                </div>
              ))}
            </dl>
          </Card>
        ) : null}
        <div className="mt-4">
          <Button onClick={() => void go()} disabled={!hashes || busy}>
            Save and continue
          </Button>
        </div>
      </section>
    </div>
  );
}
