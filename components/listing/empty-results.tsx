import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export function EmptyResults({ onReset, canReset }: { onReset: () => void; canReset: boolean }) {
  return (
    <Card dashed className="px-6 py-12 text-center">
      <p className="text-base font-medium text-slate-900 dark:text-slate-100">No appliances match.</p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Try other search words, or include expired and deprecated entries with the Status filter.
      </p>
      {canReset ? (
        <Button onClick={onReset} size="sm" className="mt-4">
          Clear search and filters
        </Button>
      ) : null}
    </Card>
  );
}
