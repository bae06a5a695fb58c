"use client";

import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";
import { FOCUS_RING } from "./focus-ring";

/** Copies `value` to the clipboard; the confirmation is announced to screen readers. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard refused (insecure origin or permissions): the value stays selectable as text.
    }
  }

  return (
    <>
      <button
        type="button"
        onClick={copy}
        title={label}
        className={`inline-flex size-7 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-offset-1 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-200 ${FOCUS_RING}`}
      >
        {copied ? <CheckIcon className="size-4 text-emerald-600 dark:text-emerald-400" /> : <CopyIcon className="size-4" />}
        <span className="sr-only">{label}</span>
      </button>
      <span className="sr-only" aria-live="polite">
        {copied ? "Copied to clipboard" : ""}
      </span>
    </>
  );
}
