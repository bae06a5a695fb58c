"use client";

import { useActionState, type ReactNode } from "react";
import { ActionMessage } from "./action-message";
import { Button } from "./button";

export type ActionFormState = { ok: boolean; message: string } | undefined;
export type ActionFormAction = (previous: ActionFormState, form: FormData) => Promise<ActionFormState>;

/**
 * A form posted to a server action that answers `{ ok, message }` (lib/server/auth/action-result.ts):
 * the fields are the server-rendered children, the answer is announced under the button. It works
 * without JavaScript too, and a refused direct POST gets the action's own status (401, 403...).
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  submitAriaLabel,
  variant = "primary",
  size,
  className,
  label,
  fullWidthSubmit = false,
}: {
  action: ActionFormAction;
  children?: ReactNode;
  submitLabel: string;
  submitAriaLabel?: string;
  variant?: "primary" | "secondary";
  size?: "xs";
  className?: string;
  /** The form's accessible name. */
  label?: string;
  fullWidthSubmit?: boolean;
}) {
  const [state, submit, pending] = useActionState(action, undefined);
  return (
    <form action={submit} aria-label={label} className={className}>
      {children}
      <div className="space-y-1">
        <Button
          type="submit"
          variant={variant}
          size={size}
          disabled={pending}
          aria-label={submitAriaLabel}
          className={fullWidthSubmit ? "w-full sm:w-auto" : undefined}
        >
          {pending ? "Working…" : submitLabel}
        </Button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}
