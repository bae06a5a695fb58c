"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { IDLE, type FormAction, type FormState } from "./form-state";

export interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "checkbox";
  autoComplete?: string;
  required?: boolean;
  hint?: string;
  defaultValue?: string;
  defaultChecked?: boolean;
  maxLength?: number;
  minLength?: number;
}

const INPUT =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none dark:bg-slate-950 dark:text-slate-100 dark:ring-slate-600 dark:focus:ring-indigo-400";

/**
 * A form of the account pages posted to a server action (it works without JavaScript too): labelled
 * fields, the action's answer in a live region, the field it is about marked invalid and focused.
 */
export function AccountForm({
  action,
  fields,
  submitLabel,
  hidden = {},
  initial = IDLE,
  after,
  variant = "primary",
  label,
}: {
  action: FormAction;
  fields: FieldSpec[];
  submitLabel: string;
  hidden?: Record<string, string>;
  initial?: FormState;
  /** Shown under the answer, given the answer (a "send a new link" form). */
  after?: (state: FormState) => ReactNode;
  variant?: "primary" | "secondary";
  /** The form's accessible name. */
  label?: string;
}) {
  const [state, formAction, pending] = useActionState(action, initial);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.status === "error" && state.field) formRef.current?.querySelector<HTMLElement>(`[name="${state.field}"]`)?.focus();
  }, [state]);
  return (
    <div className="space-y-4">
      <form ref={formRef} action={formAction} aria-label={label} className="space-y-4" noValidate={false}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {fields.map((field) => {
          const id = `field-${field.name}`;
          const invalid = state.status === "error" && state.field === field.name;
          const describedBy = [field.hint ? `${id}-hint` : "", invalid ? "form-answer" : ""].filter(Boolean).join(" ") || undefined;
          if (field.type === "checkbox")
            return (
              <div key={field.name} className="flex items-start gap-3">
                <input
                  id={id}
                  name={field.name}
                  type="checkbox"
                  defaultChecked={field.defaultChecked}
                  aria-describedby={describedBy}
                  className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:border-slate-600 dark:bg-slate-950"
                />
                <div className="text-sm">
                  <label htmlFor={id} className="font-medium text-slate-900 dark:text-slate-100">
                    {field.label}
                  </label>
                  {field.hint ? (
                    <p id={`${id}-hint`} className="text-slate-600 dark:text-slate-400">
                      {field.hint}
                    </p>
                  ) : null}
                </div>
              </div>
            );
          return (
            <div key={field.name} className="space-y-1">
              <label htmlFor={id} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
                {field.label}
              </label>
              <input
                id={id}
                name={field.name}
                type={field.type ?? "text"}
                autoComplete={field.autoComplete}
                required={field.required}
                maxLength={field.maxLength}
                minLength={field.minLength}
                defaultValue={state.values?.[field.name] ?? field.defaultValue}
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy}
                className={cn(INPUT, invalid && "ring-red-600 dark:ring-red-400")}
              />
              {field.hint ? (
                <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
                  {field.hint}
                </p>
              ) : null}
            </div>
          );
        })}
        <div aria-live="polite" id="form-answer">
          {state.status !== "idle" && state.message ? <FormAnswer state={state} /> : null}
        </div>
        <Button type="submit" variant={variant} disabled={pending} className="w-full sm:w-auto">
          {pending ? "Working…" : submitLabel}
        </Button>
      </form>
      {after?.(state)}
    </div>
  );
}

export function FormAnswer({ state }: { state: FormState }) {
  const error = state.status === "error";
  return (
    <p
      role={error ? "alert" : "status"}
      className={cn(
        "rounded-md p-3 text-sm ring-1 ring-inset",
        error
          ? "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-950/60 dark:text-red-200 dark:ring-red-400/30"
          : "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-400/30",
      )}
    >
      {state.message}
    </p>
  );
}
