"use client";

import { useActionState, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

export type CreateSubscriptionState =
  { kind: "idle" } | { kind: "error"; field?: string; message: string } | { kind: "created"; name: string; secret?: string };
export type DeleteSubscriptionState = { kind: "idle" } | { kind: "error"; message: string } | { kind: "deleted" };

type Action<S> = (state: S, form: FormData) => Promise<S>;

const INPUT =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs focus:border-indigo-600 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
const LABEL = "mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300";
const ERROR = "mt-1 text-sm text-red-700 dark:text-red-400";

/** A saved search to follow: its name, the listing's query, email or a webhook; a webhook's secret is shown here once. */
export function CreateSubscriptionForm({ action, query }: { action: Action<CreateSubscriptionState>; query: string }) {
  const [state, submit, pending] = useActionState(action, { kind: "idle" });
  const [channel, setChannel] = useState("email");
  const ids = { name: useId(), query: useId(), channel: useId(), url: useId() };
  const problem = (field: string) => (state.kind === "error" && state.field === field ? state.message : undefined);
  const fieldError = (field: string, id: string) =>
    problem(field) ? (
      <p id={`${id}-error`} role="alert" className={ERROR}>
        {problem(field)}
      </p>
    ) : null;
  return (
    <div className="space-y-4">
      <form action={submit} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={ids.name} className={LABEL}>
            Name
          </label>
          <input
            id={ids.name}
            name="name"
            required
            maxLength={100}
            placeholder="Debian images"
            className={INPUT}
            aria-describedby={problem("name") ? `${ids.name}-error` : undefined}
          />
          {fieldError("name", ids.name)}
        </div>
        <div>
          <label htmlFor={ids.query} className={LABEL}>
            Search (the listing&apos;s filters)
          </label>
          <input
            id={ids.query}
            name="query"
            defaultValue={query}
            placeholder="os=Debian&arch=x86_64"
            className={`${INPUT} font-mono`}
            aria-describedby={problem("query") ? `${ids.query}-error` : undefined}
          />
          {fieldError("query", ids.query)}
        </div>
        <div>
          <label htmlFor={ids.channel} className={LABEL}>
            Tell me by
          </label>
          <select
            id={ids.channel}
            name="channel"
            value={channel}
            onChange={(event) => setChannel(event.target.value)}
            className={`${INPUT} pr-8`}
          >
            <option value="email">Email</option>
            <option value="webhook">Webhook (HMAC-signed POST)</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.url} className={LABEL}>
            Webhook URL
          </label>
          <input
            id={ids.url}
            name="webhookUrl"
            type="url"
            disabled={channel !== "webhook"}
            required={channel === "webhook"}
            placeholder="https://ops.example.org/hooks/marketplace"
            className={INPUT}
            aria-describedby={problem("webhookUrl") ? `${ids.url}-error` : undefined}
          />
          {fieldError("webhookUrl", ids.url)}
        </div>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Subscribe"}
          </Button>
          {state.kind === "error" && !state.field ? (
            <p role="alert" className={ERROR}>
              {state.message}
            </p>
          ) : null}
        </div>
      </form>
      {state.kind === "created" ? (
        <div
          role="status"
          className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-600/25 dark:bg-emerald-950/60 dark:text-emerald-100"
        >
          <p>Subscribed to “{state.name}”.</p>
          {state.secret ? (
            <p className="mt-1">
              The webhook secret, shown this once (each body is signed{" "}
              <code className="font-mono">X-Marketplace-Signature: sha256=HMAC-SHA256(secret, body)</code>):{" "}
              <code className="font-mono break-all">{state.secret}</code>{" "}
              <CopyButton value={state.secret} label="Copy the webhook secret" />
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function DeleteSubscriptionForm({ action, id, name }: { action: Action<DeleteSubscriptionState>; id: string; name: string }) {
  const [state, submit, pending] = useActionState(action, { kind: "idle" });
  return (
    <form action={submit}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" size="xs" disabled={pending}>
        Delete<span className="sr-only"> the subscription {name}</span>
      </Button>
      {state.kind === "error" ? (
        <span role="alert" className={ERROR}>
          {" "}
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
