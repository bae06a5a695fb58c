import { FilterIcon } from "@/components/ui/icons";

/** Shows and hides the filter panel on screens too narrow for the sidebar. */
export function FilterToggle({
  open,
  onToggle,
  activeCount,
  controls,
}: {
  open: boolean;
  onToggle: () => void;
  activeCount: number;
  controls: string;
}) {
  return (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
      className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 lg:hidden dark:border-slate-600 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:focus-visible:outline-indigo-400"
    >
      <FilterIcon />
      Filters
      {activeCount > 0 ? (
        <span className="rounded-full bg-indigo-600 px-1.5 text-xs text-white">
          {activeCount}
          <span className="sr-only"> active</span>
        </span>
      ) : null}
    </button>
  );
}
