export function EmptyResults({ onReset, canReset }: { onReset: () => void; canReset: boolean }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center dark:border-slate-600 dark:bg-slate-900">
      <p className="text-base font-medium text-slate-900 dark:text-slate-100">No appliances match.</p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Try other search words, or include expired and deprecated entries with the Status filter.
      </p>
      {canReset ? (
        <button
          type="button"
          onClick={onReset}
          className="mt-4 rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400"
        >
          Clear search and filters
        </button>
      ) : null}
    </div>
  );
}
