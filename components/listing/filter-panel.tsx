"use client";

import type { ListQuery } from "@/lib/entries/list-query-core";
import type { Facets } from "@/lib/entries/types";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { endorserOptions, facetOptions, INTEGRITY_OPTIONS, LOCATION_OPTIONS, STATUS_OPTIONS, versionsOf } from "./filter-options";

export type QueryPatch = Partial<ListQuery>;

/**
 * The sidebar filters. It is a GET form on the listing path so the page still filters without
 * JavaScript; with it, every change applies at once and the form is never submitted.
 */
export function FilterPanel({
  id,
  action,
  query,
  facets,
  endorserInPath,
  onChange,
  onReset,
  canReset,
}: {
  id: string;
  action: string;
  query: ListQuery;
  facets: Facets;
  endorserInPath: boolean;
  onChange: (patch: QueryPatch) => void;
  onReset: () => void;
  canReset: boolean;
}) {
  const text = (value: string) => (value === "" ? undefined : value);
  return (
    <form
      id={id}
      method="get"
      action={action}
      aria-label="Filters"
      onSubmit={(event) => event.preventDefault()}
      className="grid grid-cols-2 gap-x-3 gap-y-4 sm:grid-cols-3 lg:grid-cols-1"
    >
      <SelectField
        label="Status"
        name="status"
        value={query.status ?? "all"}
        options={STATUS_OPTIONS}
        onChange={(value) => onChange({ status: value === "all" ? undefined : (value as ListQuery["status"]) })}
      />
      <SelectField
        label="Location"
        name="location"
        value={query.location}
        options={LOCATION_OPTIONS}
        onChange={(value) => onChange({ location: value as ListQuery["location"] })}
      />
      <SelectField
        label="Image check"
        name="integrity"
        value={query.integrity ?? ""}
        options={INTEGRITY_OPTIONS}
        onChange={(value) => onChange({ integrity: value === "" ? undefined : (value as ListQuery["integrity"]) })}
      />
      <hr className="hidden border-slate-200 lg:block dark:border-slate-700" />
      <SelectField
        label="Operating system"
        name="os"
        value={query.os ?? ""}
        options={facetOptions(facets.os, query.os, "Any OS")}
        // A version of the previous OS would match nothing under the new one.
        onChange={(v) =>
          onChange({
            os: text(v),
            ...(query.osVersion && !versionsOf(facets, text(v)).includes(query.osVersion) ? { osVersion: undefined } : {}),
          })
        }
      />
      <SelectField
        label="OS version"
        name="osVersion"
        value={query.osVersion ?? ""}
        options={facetOptions(versionsOf(facets, query.os), query.osVersion, "Any version")}
        onChange={(v) => onChange({ osVersion: text(v) })}
      />
      <SelectField
        label="Architecture"
        name="arch"
        value={query.arch ?? ""}
        options={facetOptions(facets.arch, query.arch, "Any architecture")}
        onChange={(v) => onChange({ arch: text(v) })}
      />
      {endorserInPath ? null : (
        <SelectField
          label="Endorser"
          name="email"
          value={query.email ?? ""}
          options={endorserOptions(facets.endorsers, query.email)}
          onChange={(v) => onChange({ email: text(v) })}
        />
      )}
      <SelectField
        label="Kind"
        name="kind"
        value={query.kind ?? ""}
        options={facetOptions(facets.kind, query.kind, "Any kind")}
        onChange={(v) => onChange({ kind: text(v) })}
      />
      <noscript>
        <Button type="submit" size="sm" className="col-span-full w-full">
          Apply filters
        </Button>
      </noscript>
      <Button onClick={onReset} disabled={!canReset} variant="secondary" size="sm" className="col-span-full w-full">
        Reset filters
      </Button>
    </form>
  );
}
