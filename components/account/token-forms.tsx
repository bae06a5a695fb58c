"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

export type CreateTokenState = { kind: "idle" } | { kind: "error"; message: string } | { kind: "created"; token: string; name: string };
export type RevokeTokenState = { kind: "idle" } | { kind: "error"; message: string } | { kind: "revoked" };

type Action<S> = (state: S, form: FormData) => Promise<S>;

const INPUT =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs focus:border-indigo-600 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
const LABEL = "mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300";

export const EXPIRY_OPTIONS = [
  { value: "never", label: "Never" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "365 days" },
] as const;

/** Name and expiry of a new token; once created, its secret is shown here, this once. */
export function CreateTokenForm({ action, maxName }: { action: Action<CreateTokenState>; maxName: number }) {
  const [state, submit, pending] = useActionState(action, { kind: "idle" });
  const nameId = useId();
  const expiryId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const secretRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.kind === "created") {
      formRef.current?.reset();
      secretRef.current?.focus();
    }
  }, [state]);
  return (
    <div className="space-y-4">
      <form ref={formRef} action={submit} className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end">
        <div>
          <label htmlFor={nameId} className={LABEL}>
            Name
          </label>
          <input id={nameId} name="name" required maxLength={maxName} placeholder="cli on my-laptop" className={INPUT} autoComplete="off" />
        </div>
        <div>
          <label htmlFor={expiryId} className={LABEL}>
            Expires
          </label>
          <select id={expiryId} name="expiresInDays" defaultValue="90" className={`${INPUT} pr-8`}>
            {EXPIRY_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {state.kind === "error" ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {state.message}
        </p>
      ) : null}
      {state.kind === "created" ? (
        <div
          ref={secretRef}
          tabIndex={-1}
          role="status"
          className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-600/30 ring-inset focus:outline-none dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-400/30"
        >
          <p className="font-semibold">Token “{state.name}” created. Copy it now: it is shown only this once.</p>
          <div className="flex items-center gap-2 rounded bg-white px-2 py-1 ring-1 ring-amber-600/30 dark:bg-slate-950">
            <code className="min-w-0 flex-1 font-mono text-xs break-all text-slate-900 dark:text-slate-100" data-testid="new-token">
              {state.token}
            </code>
            <CopyButton value={state.token} label="Copy the token" />
          </div>
          <p>
            Anyone with it can publish as you. Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>, or set{" "}
            <code className="font-mono">MARKETPLACE_TOKEN</code> for the CLI.
          </p>
        </div>
      ) : null}
    </div>
  );
}

/** Revoke, after a second click that says what it does. */
export function RevokeTokenButton({ action, id, name }: { action: Action<RevokeTokenState>; id: string; name: string }) {
  const [state, submit, pending] = useActionState(action, { kind: "idle" });
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button variant="secondary" size="xs" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
    );
  }
  return (
    <form action={submit} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <span className="text-xs text-slate-700 dark:text-slate-300">Revoke “{name}”? Programs using it stop working.</span>
      <Button type="submit" size="xs" disabled={pending}>
        {pending ? "Revoking…" : "Yes, revoke"}
      </Button>
      <Button variant="secondary" size="xs" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
      {state.kind === "error" ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
