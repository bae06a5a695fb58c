import { Button } from "@/components/ui/button";
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
    <Button aria-expanded={open} aria-controls={controls} onClick={onToggle} variant="secondary" size="sm" className="lg:hidden">
      <FilterIcon />
      Filters
      {activeCount > 0 ? (
        <span className="rounded-full bg-indigo-600 px-1.5 text-xs text-white">
          {activeCount}
          <span className="sr-only"> active</span>
        </span>
      ) : null}
    </Button>
  );
}
