import type { ListQuery, SortField } from "@/lib/entries/list-query-core";
import { SelectField } from "@/components/ui/select-field";
import { PAGE_SIZE_OPTIONS, sortOptions } from "./filter-options";
import type { QueryPatch } from "./filter-panel";

/** Sort order and page size; part of the filter form (by its id) so they also work without JavaScript. */
export function SortControls({ query, form, onChange }: { query: ListQuery; form: string; onChange: (patch: QueryPatch) => void }) {
  return (
    <div className="flex gap-3">
      <SelectField
        label="Sort by"
        name="sort"
        form={form}
        value={query.sort}
        options={sortOptions(query.sort)}
        onChange={(value) => onChange({ sort: value as SortField, order: value === "created" ? "desc" : "asc" })}
      />
      <SelectField
        label="Per page"
        name="pageSize"
        form={form}
        value={String(query.pageSize)}
        options={PAGE_SIZE_OPTIONS}
        onChange={(value) => onChange({ pageSize: Number(value) })}
      />
    </div>
  );
}
