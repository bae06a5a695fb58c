import type { ComponentProps, ReactNode } from "react";
import { FOCUS_RING } from "@/components/ui/focus-ring";

const INPUT =
  "block w-full rounded-md bg-white px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600";
const INVALID = "ring-red-600 dark:ring-red-400";

/** A labelled field with its help and, when the value is wrong, the message beside it (announced, tied by aria-describedby). */
export function Field({
  id,
  label,
  help,
  error,
  children,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby": string; className: string }) => ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": Boolean(error),
        "aria-describedby": `${id}-help ${id}-error`,
        className: `${INPUT} ${FOCUS_RING} ${error ? INVALID : ""}`,
      })}
      {help ? (
        <p id={`${id}-help`} className="text-xs text-slate-600 dark:text-slate-400">
          {help}
        </p>
      ) : null}
      <p id={`${id}-error`} role={error ? "alert" : undefined} className="min-h-4 text-xs font-medium text-red-700 dark:text-red-300">
        {error ?? ""}
      </p>
    </div>
  );
}

export function TextInput(props: ComponentProps<"input">) {
  return <input type="text" {...props} />;
}
