"use client";

import { useState } from "react";
import type { TrustLabel } from "@/lib/metadata/pki/trust";
import { draftRecipeProblems, problemsByField } from "@/lib/wizard/draft-recipe";
import { TrustBadge } from "@/components/entry/trust-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "./fields";
import type { StepProps } from "./draft-wizard";

type Base = { bootstrap: "debian:bookworm" } | { identifier: string; email?: string } | { upload: string };
type Choice = "bootstrap" | "entry" | "upload";

interface Found {
  identifier: string;
  email: string;
  title?: string;
  os?: string;
  osVersion?: string;
  endorserName: string;
  trust: TrustLabel;
}

const choiceOf = (base: unknown): Choice =>
  base && typeof base === "object" ? ("identifier" in base ? "entry" : "upload" in base ? "upload" : "bootstrap") : "bootstrap";

/**
 * Build step 1, what to start from: Debian 12 bootstrapped from scratch, a Marketplace appliance
 * (searched with the listing's own filters; only valid entries whose trust label this site accepts, the
 * rule the build itself applies), or a VirtualBox/VMware disk uploaded here.
 */
export function BaseStep({ data, next, acceptedTrust }: StepProps & { acceptedTrust: readonly TrustLabel[] }) {
  const recipe = data.recipe ?? {};
  const [choice, setChoice] = useState<Choice>(choiceOf(recipe.base));
  const [entry, setEntry] = useState<{ identifier: string; email?: string } | undefined>(
    choiceOf(recipe.base) === "entry" ? (recipe.base as { identifier: string; email?: string }) : undefined,
  );
  const [upload, setUpload] = useState<string | undefined>(
    choiceOf(recipe.base) === "upload" ? (recipe.base as { upload: string }).upload : undefined,
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const base: Base | undefined =
    choice === "bootstrap" ? { bootstrap: "debian:bookworm" } : choice === "entry" ? entry : upload ? { upload } : undefined;

  async function go() {
    if (!base) {
      setError(choice === "entry" ? "choose an appliance from the results" : "upload the disk first");
      return;
    }
    const problem = problemsByField(draftRecipeProblems({ ...recipe, base })).base;
    if (problem) return setError(problem);
    setBusy(true);
    const fields = await next({ ...data, recipe: { ...recipe, base } });
    setBusy(false);
    if (fields) setError(Object.entries(fields).find(([key]) => key.startsWith("base"))?.[1] ?? Object.values(fields)[0]);
  }

  const option = (value: Choice, label: string, help: string) => (
    <label className="flex cursor-pointer gap-3 rounded-md p-3 ring-1 ring-slate-200 ring-inset has-checked:bg-indigo-50 has-checked:ring-indigo-400 dark:ring-slate-700 dark:has-checked:bg-indigo-950">
      <input
        type="radio"
        name="base-choice"
        value={value}
        checked={choice === value}
        onChange={() => {
          setChoice(value);
          setError(undefined);
        }}
        className="mt-1"
      />
      <span>
        <span className="block text-sm font-medium text-slate-900 dark:text-slate-100">{label}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-400">{help}</span>
      </span>
    </label>
  );

  return (
    <Card as="section" aria-labelledby="base-heading" className="max-w-3xl space-y-4 p-5">
      <h2 id="base-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
        What should the image start from?
      </h2>
      <fieldset className="grid gap-2" aria-describedby="base-error">
        <legend className="sr-only">Base</legend>
        {option("bootstrap", "Debian 12 (bookworm) from scratch", "A minimal Debian bootstrapped by mmdebstrap from the archive.")}
        {option("entry", "An appliance of this Marketplace", "Its image is downloaded and checked against its signed checksums first.")}
        {option("upload", "A VirtualBox or VMware disk", "A VDI, VMDK or OVA (or qcow2, raw) from your computer.")}
      </fieldset>
      {choice === "entry" ? <EntrySearch chosen={entry} onChoose={setEntry} acceptedTrust={acceptedTrust} /> : null}
      {choice === "upload" ? <DiskUpload uploaded={upload} onUploaded={setUpload} /> : null}
      <p id="base-error" role={error ? "alert" : undefined} className="min-h-5 text-sm font-medium text-red-700 dark:text-red-300">
        {error ?? ""}
      </p>
      <Button onClick={() => void go()} disabled={busy}>
        Save and continue
      </Button>
    </Card>
  );
}

/** The listing's search (GET /api/v1/entries, valid entries by default), keeping only bases the build accepts. */
function EntrySearch({
  chosen,
  onChoose,
  acceptedTrust,
}: {
  chosen?: { identifier: string; email?: string };
  onChoose: (base: { identifier: string; email: string }) => void;
  acceptedTrust: readonly TrustLabel[];
}) {
  const [filters, setFilters] = useState({ q: "", os: "", arch: "" });
  const [found, setFound] = useState<{ usable: Found[]; hidden: number }>();
  const [message, setMessage] = useState<string>();

  async function search() {
    setMessage(undefined);
    const query = new URLSearchParams({ status: "valid", pageSize: "20" });
    for (const [key, value] of Object.entries(filters)) if (value.trim()) query.set(key, value.trim());
    try {
      const response = await fetch(`/api/v1/entries?${query}`, { headers: { Accept: "application/json" } });
      const body = (await response.json()) as { items?: (Found & { deprecated?: string })[]; error?: { message?: string } };
      if (!response.ok || !body.items) return setMessage(body.error?.message ?? `the search failed (${response.status})`);
      const usable = body.items.filter((item) => !item.deprecated && acceptedTrust.includes(item.trust));
      setFound({ usable, hidden: body.items.length - usable.length });
    } catch {
      setMessage("The Marketplace could not be reached: try again.");
    }
  }

  const input = (key: keyof typeof filters, label: string, help: string) => (
    <Field id={`base-${key}`} label={label} help={help}>
      {(props) => (
        <input
          {...props}
          type="search"
          value={filters[key]}
          onChange={(event) => setFilters({ ...filters, [key]: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === "Enter") void search();
          }}
        />
      )}
    </Field>
  );

  return (
    <div className="space-y-3 rounded-md bg-slate-50 p-4 dark:bg-slate-800/50">
      <div className="grid gap-3 sm:grid-cols-3">
        {input("q", "Search", "title, description, endorser")}
        {input("os", "Operating system", "e.g. Debian")}
        {input("arch", "Architecture", "e.g. x86_64")}
      </div>
      <Button variant="secondary" size="sm" onClick={() => void search()}>
        Search the Marketplace
      </Button>
      <p className="min-h-5 text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
        {chosen ? (
          <>
            Chosen: <span className="font-mono wrap-anywhere">{chosen.identifier}</span>
            {chosen.email ? ` endorsed by ${chosen.email}` : " (its newest valid entry)"}
          </>
        ) : (
          ""
        )}
      </p>
      {message ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {message}
        </p>
      ) : null}
      {found ? (
        <div aria-live="polite">
          {found.usable.length === 0 ? (
            <p className="text-sm text-slate-700 dark:text-slate-300">No valid appliance this site accepts as a base matches.</p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Appliances to build from">
              {found.usable.map((item) => {
                const selected = chosen?.identifier === item.identifier && chosen.email === item.email;
                return (
                  <li key={`${item.identifier}/${item.email}`}>
                    <label className="flex cursor-pointer items-start gap-3 py-2">
                      <input
                        type="radio"
                        name="base-entry"
                        checked={selected}
                        onChange={() => onChoose({ identifier: item.identifier, email: item.email })}
                        className="mt-1"
                      />
                      <span className="min-w-0">
                        <span className="block text-sm font-medium text-slate-900 dark:text-slate-100">
                          {item.title ?? item.identifier}
                        </span>
                        <span className="block font-mono text-xs wrap-anywhere text-slate-600 dark:text-slate-400">{item.identifier}</span>
                        <span className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
                          {[item.os, item.osVersion].filter(Boolean).join(" ")} · {item.endorserName} <TrustBadge label={item.trust} />
                        </span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          {found.hidden > 0 ? (
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              {found.hidden} more {found.hidden === 1 ? "match is" : "matches are"} not shown: deprecated, or signed with a certificate this
              site does not accept for bases.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** A disk sent to POST /api/v1/disks (with upload progress: it may be gigabytes); its id becomes the base. */
function DiskUpload({ uploaded, onUploaded }: { uploaded?: string; onUploaded: (id: string) => void }) {
  const [percent, setPercent] = useState<number>();
  const [message, setMessage] = useState<string>();

  function send(file: File) {
    setMessage(undefined);
    setPercent(0);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/v1/disks");
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) setPercent(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      setPercent(undefined);
      const body = JSON.parse(request.responseText || "{}") as { id?: string; error?: { message?: string } };
      if (request.status === 201 && body.id) onUploaded(body.id);
      else setMessage(body.error?.message ?? `the upload failed (${request.status})`);
    };
    request.onerror = () => {
      setPercent(undefined);
      setMessage("The upload was interrupted: try again.");
    };
    request.send(file);
  }

  return (
    <div className="space-y-2 rounded-md bg-slate-50 p-4 dark:bg-slate-800/50">
      <Field
        id="base-disk"
        label="Disk image"
        help="VDI, VMDK, OVA, qcow2 or raw; it is converted and checked before the build."
        error={message}
      >
        {(props) => (
          <input
            {...props}
            type="file"
            accept=".vdi,.vmdk,.ova,.qcow2,.img,.raw"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) send(file);
            }}
          />
        )}
      </Field>
      <div className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700" aria-hidden={percent === undefined}>
        <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${percent ?? (uploaded ? 100 : 0)}%` }} />
      </div>
      <p className="min-h-5 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        {percent !== undefined ? `Uploading: ${percent}%` : uploaded ? `Uploaded as ${uploaded}.` : ""}
      </p>
    </div>
  );
}
