"use client";

import { Button, ButtonLink } from "@/components/ui/button";

/** The page failed on the server or in the browser; the digest matches the server log line. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest ?? "") : "";
  return (
    <div role="alert" className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-red-700 dark:text-red-400">Error</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">Something went wrong</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        The Marketplace could not show this page. Trying again often helps; if it keeps failing, tell the operators
        {digest ? " this reference" : ""}.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-slate-500 dark:text-slate-400">Reference: {digest}</p> : null}
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <ButtonLink href="/metadata" variant="secondary">
          Browse the appliances
        </ButtonLink>
      </div>
    </div>
  );
}
