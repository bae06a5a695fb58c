import type { ListPage } from "@/lib/entries/types";

/** "Showing x to y of z entries", announced politely whenever the results change. */
export function ResultsSummary({ page, busy }: { page: ListPage; busy: boolean }) {
  const first = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.page * page.pageSize, page.total);
  return (
    <p role="status" aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
      {page.total === 0 ? (
        "No entries"
      ) : (
        <>
          Showing <strong className="font-semibold text-slate-900 dark:text-slate-100">{first}</strong> to{" "}
          <strong className="font-semibold text-slate-900 dark:text-slate-100">{last}</strong> of{" "}
          <strong className="font-semibold text-slate-900 dark:text-slate-100">{page.total}</strong>{" "}
          {page.total === 1 ? "entry" : "entries"}
        </>
      )}
      {page.totalUnfiltered > page.total ? <span> (filtered from {page.totalUnfiltered})</span> : null}
      <span className={busy ? "ml-2 text-indigo-700 dark:text-indigo-300" : "sr-only"}>{busy ? "Updating…" : ""}</span>
    </p>
  );
}
