"use client";

import Link from "next/link";

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
        <button
          type="button"
          onClick={() => retry()}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400"
        >
          Try again
        </button>
        <Link
          href="/metadata"
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:focus-visible:outline-indigo-400"
        >
          Browse the appliances
        </Link>
      </div>
    </div>
  );
}
