"use client";

import { useEffect, useMemo, useState } from "react";
import { CONTEXT_AGENTS, DEFAULT_EXCLUDE, MAX_SCRIPT_BYTES, OUTPUT_FORMATS } from "@/lib/build/recipe";
import { draftRecipeProblems, problemsByField } from "@/lib/wizard/draft-recipe";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "./fields";
import type { StepProps } from "./draft-wizard";

interface ScriptForm {
  name: string;
  content: string;
  /** One argument per line, as the form holds them. */
  args: string;
}

const CONTEXT_LABELS: Record<string, string> = {
  stratuslab: "StratusLab: reads the _STRATUSLAB disk's context.sh at boot",
  "cloud-init": "cloud-init: reads a NoCloud (cidata) seed or the cloud's metadata",
};
const FORMAT_LABELS: Record<string, string> = {
  raw: "raw disk (.img)",
  qcow2: "qcow2",
  "qcow2-zstd": "qcow2, zstd-compressed clusters",
  "tar.zst": "tar.zst of the file tree (for containers)",
};

const scriptsOf = (recipe: Record<string, unknown>): ScriptForm[] =>
  Array.isArray(recipe.scripts)
    ? (recipe.scripts as { name?: string; content?: string; args?: string[] }[]).map((s) => ({
        name: s.name ?? "",
        content: s.content ?? "",
        args: (s.args ?? []).join("\n"),
      }))
    : [];

const list = (value: unknown, fallback: readonly string[]): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [...fallback];

/**
 * Build step 2, what to add: packages (type-ahead from the names the build host's apt knows; the server
 * refuses unknown ones when the step is saved), configuration scripts with their arguments (pasted or
 * loaded from a file), the contextualization agents, bootable or not, and the formats to write.
 * Every value is checked here with the build API's own schema as you type, and again by the server.
 */
export function SoftwareStep({ data, next }: StepProps) {
  const recipe = useMemo(() => data.recipe ?? {}, [data.recipe]);
  const [packages, setPackages] = useState<string[]>(list(recipe.packages, []));
  const [typed, setTyped] = useState("");
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [scripts, setScripts] = useState<ScriptForm[]>(scriptsOf(recipe));
  const [context, setContext] = useState<string[]>(list(recipe.context, CONTEXT_AGENTS));
  const [bootable, setBootable] = useState(recipe.bootable === true);
  const [formats, setFormats] = useState<string[]>(list(recipe.formats, ["qcow2"]));
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [sizeErrors, setSizeErrors] = useState<Record<number, string>>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  const made = useMemo(
    () => ({
      ...recipe,
      packages,
      scripts: scripts.map((s) => ({ name: s.name.trim(), content: s.content, args: s.args === "" ? [] : s.args.split("\n") })),
      context,
      bootable,
      formats,
      exclude: list(recipe.exclude, DEFAULT_EXCLUDE),
    }),
    [recipe, packages, scripts, context, bootable, formats],
  );
  const problems = useMemo(() => problemsByField(draftRecipeProblems(made)), [made]);
  const errorOf = (field: string) => refused[field] ?? (tried || field.startsWith("packages") ? problems[field] : undefined);
  const packageErrors = Object.entries({ ...problems, ...refused }).filter(([field]) => field.startsWith("packages"));

  // Type-ahead: the names starting with what is typed, from the server's list (debounced).
  useEffect(() => {
    const prefix = typed.trim();
    if (prefix.length < 2 || !/^[a-z0-9+.-]+$/.test(prefix)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/v1/packages?prefix=${encodeURIComponent(prefix)}&limit=20`, { signal: controller.signal })
        .then((response) => (response.ok ? (response.json() as Promise<{ packages: string[] }>) : { packages: [] }))
        .then((body) => setSuggestions(body.packages))
        .catch(() => undefined);
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [typed]);

  function addPackage() {
    const names = typed
      .split(/[\s,]+/)
      .map((name) => name.trim())
      .filter(Boolean);
    if (names.length === 0) return;
    setPackages([...packages, ...names.filter((name) => !packages.includes(name))]);
    setTyped("");
    setRefused({});
  }

  const setScript = (at: number, change: Partial<ScriptForm>) => {
    if (change.content !== undefined) setSizeErrors((errors) => ({ ...errors, [at]: "" }));
    setScripts(scripts.map((script, i) => (i === at ? { ...script, ...change } : script)));
    setRefused({});
  };

  async function load(at: number, file: File) {
    if (file.size > MAX_SCRIPT_BYTES) {
      setSizeErrors({
        ...sizeErrors,
        [at]: `${file.name} is ${Math.ceil(file.size / 1024)} KiB: a script is at most ${MAX_SCRIPT_BYTES / 1024} KiB`,
      });
      return;
    }
    setSizeErrors({ ...sizeErrors, [at]: "" });
    setScript(at, { content: await file.text(), name: scripts[at]?.name || file.name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 64) });
  }

  const toggle = (values: string[], value: string, on: boolean) => (on ? [...values, value] : values.filter((v) => v !== value));

  async function go() {
    setTried(true);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const fields = await next({ ...data, recipe: made });
    setBusy(false);
    if (fields) setRefused(Object.fromEntries(Object.entries(fields).map(([key, message]) => [key.replace(/^recipe\./, ""), message])));
  }

  return (
    <div className="max-w-3xl space-y-6">
      <Card as="section" aria-labelledby="packages-heading" className="space-y-3 p-5">
        <h2 id="packages-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
          Packages
        </h2>
        <Field
          id="package-name"
          label="Add a Debian package"
          help="Type to see matching names; Enter adds it (several at once, separated by spaces). Unknown names are refused."
          error={
            packageErrors.map(([field, message]) => `${packages[Number(/\[(\d+)\]/.exec(field)?.[1])] ?? field}: ${message}`).join("; ") ||
            undefined
          }
        >
          {(props) => (
            <div className="flex gap-2">
              <input
                {...props}
                list="package-suggestions"
                autoComplete="off"
                spellCheck={false}
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter") {
                    event.preventDefault();
                    addPackage();
                  }
                }}
              />
              <Button variant="secondary" size="sm" onClick={addPackage}>
                Add
              </Button>
            </div>
          )}
        </Field>
        <datalist id="package-suggestions">
          {suggestions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <ul aria-label="Packages to install" className="flex min-h-8 flex-wrap gap-2">
          {packages.map((name, at) => (
            <li
              key={name}
              className={`inline-flex items-center gap-1 rounded-full px-3 py-1 font-mono text-xs ring-1 ring-inset ${
                problems[`packages[${at}]`] || refused[`packages[${at}]`]
                  ? "bg-red-50 text-red-800 ring-red-600/40 dark:bg-red-950 dark:text-red-200"
                  : "bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600"
              }`}
            >
              {name}
              <button
                type="button"
                aria-label={`Remove ${name}`}
                className="rounded-full px-1 text-slate-500 hover:text-slate-900 dark:hover:text-white"
                onClick={() => {
                  setPackages(packages.filter((p) => p !== name));
                  setRefused({});
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </Card>

      <Card as="section" aria-labelledby="scripts-heading" className="space-y-4 p-5">
        <h2 id="scripts-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
          Configuration scripts
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Each runs as root inside the image after the packages, in order, with its arguments as $1, $2... (no shell parses them).
        </p>
        {scripts.map((script, at) => (
          <fieldset key={at} className="space-y-1 rounded-md p-4 ring-1 ring-slate-200 ring-inset dark:ring-slate-700">
            <legend className="px-1 text-sm font-medium text-slate-800 dark:text-slate-200">Script {at + 1}</legend>
            <Field id={`script-${at}-name`} label="File name" help="e.g. setup.sh" error={errorOf(`scripts[${at}].name`)}>
              {(props) => <input {...props} value={script.name} onChange={(e) => setScript(at, { name: e.target.value })} />}
            </Field>
            <Field
              id={`script-${at}-content`}
              label="Script"
              help={`Paste it, or load a file below (at most ${MAX_SCRIPT_BYTES / 1024} KiB); start with #!/bin/sh`}
              error={sizeErrors[at] || errorOf(`scripts[${at}].content`)}
            >
              {(props) => (
                <textarea
                  {...props}
                  rows={6}
                  spellCheck={false}
                  className={`${props.className} font-mono`}
                  value={script.content}
                  onChange={(e) => setScript(at, { content: e.target.value })}
                />
              )}
            </Field>
            <Field id={`script-${at}-file`} label="Or load it from a file">
              {(props) => (
                <input
                  {...props}
                  type="file"
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    if (file) void load(at, file);
                  }}
                />
              )}
            </Field>
            <Field
              id={`script-${at}-args`}
              label="Arguments, one per line"
              help="Spaces stay inside an argument"
              error={errorOf(`scripts[${at}].args`)}
            >
              {(props) => (
                <textarea
                  {...props}
                  rows={2}
                  spellCheck={false}
                  className={`${props.className} font-mono`}
                  value={script.args}
                  onChange={(e) => setScript(at, { args: e.target.value })}
                />
              )}
            </Field>
            <Button variant="secondary" size="xs" onClick={() => setScripts(scripts.filter((_, i) => i !== at))}>
              Remove script {at + 1}
            </Button>
          </fieldset>
        ))}
        <p className="min-h-4 text-xs font-medium text-red-700 dark:text-red-300" role={errorOf("scripts") ? "alert" : undefined}>
          {errorOf("scripts") ?? ""}
        </p>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => setScripts([...scripts, { name: `setup-${scripts.length + 1}.sh`, content: "", args: "" }])}
        >
          Add a script
        </Button>
      </Card>

      <Card as="section" aria-labelledby="output-heading" className="space-y-4 p-5">
        <h2 id="output-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
          Contextualization and output
        </h2>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Contextualization agents</legend>
          {CONTEXT_AGENTS.map((agent) => (
            <label key={agent} className="flex items-start gap-2 text-sm text-slate-700 dark:text-slate-300">
              <input
                type="checkbox"
                className="mt-1"
                checked={context.includes(agent)}
                onChange={(e) => setContext(toggle(context, agent, e.target.checked))}
              />
              {CONTEXT_LABELS[agent]}
            </label>
          ))}
        </fieldset>
        <label className="flex items-start gap-2 text-sm text-slate-700 dark:text-slate-300">
          <input type="checkbox" className="mt-1" checked={bootable} onChange={(e) => setBootable(e.target.checked)} />
          <span>
            Bootable: a partitioned disk with a kernel and GRUB for BIOS and UEFI, booted once under QEMU with each context disk (the entry
            then shows the boot-test badge)
          </span>
        </label>
        <fieldset className="space-y-2" aria-describedby="formats-error">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Formats to write</legend>
          {OUTPUT_FORMATS.map((format) => (
            <label key={format} className="flex items-start gap-2 text-sm text-slate-700 dark:text-slate-300">
              <input
                type="checkbox"
                className="mt-1"
                checked={formats.includes(format)}
                onChange={(e) => setFormats(toggle(formats, format, e.target.checked))}
              />
              {FORMAT_LABELS[format]}
            </label>
          ))}
          <p
            id="formats-error"
            className="min-h-4 text-xs font-medium text-red-700 dark:text-red-300"
            role={errorOf("formats") ? "alert" : undefined}
          >
            {errorOf("formats") ?? ""}
          </p>
        </fieldset>
      </Card>
      <Button onClick={() => void go()} disabled={busy}>
        Save and continue
      </Button>
    </div>
  );
}
