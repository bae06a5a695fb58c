import Link from "next/link";
import type { ListQuery } from "@/lib/entries/list-query-core";
import { metadataPath } from "@/lib/entries/entry-urls";
import { CloseIcon } from "@/components/ui/icons";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { pageUrl, type PathFilter } from "./listing-urls";

const NAMES: Record<PathFilter, string> = { email: "Endorser", identifier: "Identifier", created: "Created" };

/** The filters the path fixes (`/metadata/{a}/{b}`), each with a link to the listing without it. */
export function PathFilterChips({ query, pathFilters }: { query: ListQuery; pathFilters: readonly PathFilter[] }) {
  if (pathFilters.length === 0) return null;
  return (
    <ul aria-label="Filters from the address" className="flex flex-wrap gap-2">
      {pathFilters.map((key) => {
        const rest = pathFilters.filter((other) => other !== key);
        const href = pageUrl(metadataPath(...rest.map((other) => query[other] ?? "")), { ...query, [key]: undefined, page: 1 }, rest);
        return (
          <li
            key={key}
            className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-1 pr-1 pl-3 text-sm text-indigo-900 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950 dark:text-indigo-100 dark:ring-indigo-700"
          >
            <span className="font-medium">{NAMES[key]}:</span>
            <span className="max-w-[16rem] truncate font-mono text-xs">{query[key]}</span>
            <Link
              href={href}
              className={`inline-flex size-6 items-center justify-center rounded-full hover:bg-indigo-100 dark:hover:bg-indigo-900 ${FOCUS_RING}`}
            >
              <CloseIcon className="size-3.5" />
              <span className="sr-only">
                Remove the {NAMES[key].toLowerCase()} filter {query[key]}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
