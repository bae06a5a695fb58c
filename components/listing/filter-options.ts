import { PAGE_SIZES, type ListQuery, type SortField } from "@/lib/entries/list-query-core";
import type { Facets } from "@/lib/entries/types";
import type { SelectOption } from "@/components/ui/select-field";

export const STATUS_OPTIONS: readonly SelectOption[] = [
  { value: "valid", label: "Valid" },
  { value: "expired", label: "Expired" },
  { value: "deprecated", label: "Deprecated" },
  { value: "all", label: "All" },
];

export const LOCATION_OPTIONS: readonly SelectOption[] = [
  { value: "all", label: "All" },
  { value: "web", label: "Web" },
  { value: "pdisk", label: "Persistent disk (pdisk)" },
];

/** The integrity monitor's filter (lib/entries/integrity.ts). */
export const INTEGRITY_OPTIONS: readonly SelectOption[] = [
  { value: "", label: "Any" },
  { value: "verified", label: "Verified images only" },
  { value: "failing", label: "Broken or changed" },
];

const SORT_LABELS: Partial<Record<SortField, string>> = {
  created: "Date (newest first)",
  title: "Title",
  os: "OS",
  osVersion: "OS version",
  arch: "Arch",
  endorser: "Endorser",
  kind: "Kind",
};

export function sortOptions(current: SortField): SelectOption[] {
  const options = Object.entries(SORT_LABELS).map(([value, label]) => ({ value, label: label ?? value }));
  if (!(current in SORT_LABELS)) options.push({ value: current, label: current });
  return options;
}

export const PAGE_SIZE_OPTIONS: readonly SelectOption[] = PAGE_SIZES.map((size) => ({ value: String(size), label: String(size) }));

/** "Any" plus the facet values, keeping a value from the URL that the facets no longer list. */
export function facetOptions(values: string[], current: string | undefined, anyLabel: string): SelectOption[] {
  const all = current && !values.includes(current) ? [current, ...values] : values;
  return [{ value: "", label: anyLabel }, ...all.map((value) => ({ value, label: value }))];
}

/** The OS versions the menu offers: those of the chosen OS, or every version when no OS is chosen. */
export function versionsOf(facets: Pick<Facets, "osVersion" | "osVersionsByOs">, os: string | undefined): string[] {
  return os ? (facets.osVersionsByOs[os.toLowerCase()] ?? []) : facets.osVersion;
}

export function endorserOptions(endorsers: Facets["endorsers"], current: string | undefined): SelectOption[] {
  const names = new Map<string, number>();
  for (const { name } of endorsers) names.set(name, (names.get(name) ?? 0) + 1);
  const options = endorsers.map(({ email, name }) => ({
    value: email,
    label: (names.get(name) ?? 0) > 1 || !name ? `${name || email} (${email})` : name,
  }));
  if (current && !endorsers.some((e) => e.email === current)) options.unshift({ value: current, label: current });
  return [{ value: "", label: "Any endorser" }, ...options];
}

/** The filters of the sidebar that differ from their defaults (the phone button shows the count). */
export function activeFilterCount(query: ListQuery, endorserInPath: boolean): number {
  let count = query.email && !endorserInPath ? 1 : 0;
  if (query.status !== "valid") count += 1;
  if (query.location !== "all") count += 1;
  for (const key of ["os", "osVersion", "arch", "kind", "integrity"] as const) if (query[key]) count += 1;
  return count;
}
