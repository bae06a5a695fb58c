/** A failed refetch: the previous results stay on screen below this notice. */
export function ListError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
    >
      <span>The list could not be updated: {message}</span>
      <button
        type="button"
        onClick={onRetry}
        className="rounded-md px-2 py-1 font-semibold underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700 dark:focus-visible:outline-red-400"
      >
        Try again
      </button>
    </div>
  );
}
