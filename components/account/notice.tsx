/** The one-line result of an account page's form (passed back in the URL as ?done= or ?error=). */
export function Notice({ done, error }: { done?: string; error?: string }) {
  if (error) {
    return (
      <p
        role="alert"
        className="rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-600/30 ring-inset dark:bg-red-950/60 dark:text-red-100 dark:ring-red-400/30"
      >
        {error}
      </p>
    );
  }
  if (done) {
    return (
      <p
        role="status"
        className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-600/30 ring-inset dark:bg-emerald-950/60 dark:text-emerald-100 dark:ring-emerald-400/30"
      >
        {done}
      </p>
    );
  }
  return null;
}

/** A query parameter of a page's searchParams as one short string. */
export function oneParam(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first ? first.slice(0, 500) : undefined;
}
