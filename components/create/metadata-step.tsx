"use client";

import { useMemo, useState } from "react";
import { draftDocument, metadataProblems, validityPreset, VALIDITY_PRESETS } from "@/lib/wizard/draft-metadata";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "./fields";
import type { StepProps } from "./draft-wizard";

type Values = Record<string, string>;

const TEXT_FIELDS: { key: string; label: string; help: string }[] = [
  { key: "title", label: "Title", help: "What the listing shows first, e.g. Debian 12 web server" },
  { key: "os", label: "Operating system", help: "e.g. Debian, Ubuntu, CentOS, Windows" },
  { key: "osVersion", label: "OS version", help: "e.g. 12, 24.04" },
  { key: "arch", label: "Architecture", help: "e.g. x86_64, i686, aarch64" },
  { key: "format", label: "Disk format", help: "raw, qcow2, vmdk... (the image file's format)" },
  { key: "hypervisor", label: "Hypervisor", help: "e.g. kvm, xen (kvm if empty)" },
  { key: "version", label: "Image version", help: "your own version of the image, e.g. 1.0" },
  { key: "tag", label: "Tag", help: "a short name /tag/<your email>/<tag> finds the newest image by, e.g. web" },
  { key: "creator", label: "Author", help: "the image's author, as dcterms:creator" },
];

/**
 * Step 3: the format's fields, each with help and examples, checked on every change here and again by
 * the server (the engine's own checks) when the document is made; the XML updates as you type.
 */
export function MetadataStep({ data, next, account }: StepProps & { account: { email: string; name: string } }) {
  const [values, setValues] = useState<Values>(() => ({
    kind: "machine",
    valid: validityPreset(new Date(), 6),
    creator: account.name,
    ...Object.fromEntries(Object.entries(data.metadata ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v])),
  }));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [now] = useState(() => new Date());

  const clean = useMemo(() => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== "")), [values]);
  const problems = useMemo(() => Object.fromEntries(metadataProblems(clean, now).map((p) => [p.field, p.message])), [clean, now]);
  const preview = useMemo(() => draftDocument({ ...data, metadata: clean }, now), [data, clean, now]);
  const errorOf = (key: string) => refused[key] ?? (touched[key] ? problems[key] : undefined);
  const set = (key: string, value: string) => {
    setValues({ ...values, [key]: value });
    setRefused({});
  };

  async function go() {
    setTouched(Object.fromEntries([...TEXT_FIELDS.map((f) => f.key), "valid", "description", "kind"].map((k) => [k, true])));
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const fields = await next({ ...data, metadata: clean });
    setBusy(false);
    if (fields) setRefused(fields);
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
      <Card as="section" aria-labelledby="metadata-heading" className="min-w-0 space-y-1 p-5">
        <h2 id="metadata-heading" className="mb-3 text-base font-semibold text-slate-900 dark:text-slate-100">
          Describe the image
        </h2>
        {TEXT_FIELDS.map(({ key, label, help }) => (
          <Field key={key} id={`field-${key}`} label={label} help={help} error={errorOf(key)}>
            {(props) => (
              <input
                {...props}
                value={values[key] ?? ""}
                onBlur={() => setTouched({ ...touched, [key]: true })}
                onChange={(e) => set(key, e.target.value)}
              />
            )}
          </Field>
        ))}
        <Field id="field-description" label="Description" help="What the image holds and how to use it" error={errorOf("description")}>
          {(props) => (
            <textarea {...props} rows={4} value={values.description ?? ""} onChange={(e) => set("description", e.target.value)} />
          )}
        </Field>
        <Field id="field-kind" label="Kind" help="machine: a whole appliance that boots; disk: a data disk" error={errorOf("kind")}>
          {(props) => (
            <select {...props} value={values.kind ?? "machine"} onChange={(e) => set("kind", e.target.value)}>
              <option value="machine">machine</option>
              <option value="disk">disk</option>
            </select>
          )}
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Valid until</legend>
          <div className="flex flex-wrap gap-2">
            {VALIDITY_PRESETS.map((months) => (
              <Button key={months} size="xs" variant="secondary" onClick={() => set("valid", validityPreset(now, months))}>
                {months} months
              </Button>
            ))}
          </div>
          <Field
            id="field-valid"
            label="Last valid day (yyyy-mm-dd)"
            help="After it the entry is expired and clouds stop trusting it"
            error={errorOf("valid")}
          >
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                value={values.valid ?? ""}
                onBlur={() => setTouched({ ...touched, valid: true })}
                onChange={(e) => set("valid", e.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          The endorser is who signs: {account.email}, filled in by the signature.
        </p>
        <Button onClick={() => void go()} disabled={busy}>
          Save and continue
        </Button>
      </Card>
      <Card as="section" aria-labelledby="preview-heading" className="min-w-0 p-5">
        <h2 id="preview-heading" className="mb-2 text-base font-semibold text-slate-900 dark:text-slate-100">
          The metadata, as it will be signed
        </h2>
        {"xml" in preview ? (
          <pre
            tabIndex={0}
            aria-label="Metadata preview"
            className="max-h-[36rem] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
          >
            <code>{preview.xml}</code>
          </pre>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
            {preview.problems.map((p) => (
              <li key={p.field}>
                {p.field}: {p.message}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
