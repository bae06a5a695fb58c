import type { ReactNode } from "react";
import { connection } from "next/server";
import { facets, listEntries } from "@/db";
import { classifyValue, listParamsSchema, readPageParams, toListQuery, withPathFilters, type ListQuery } from "@/lib/entries/list-query";
import { EntryExplorer } from "@/components/listing/entry-explorer";
import { pageUrl, type PathFilter } from "@/components/listing/listing-urls";
import { metadataPath } from "@/lib/entries/entry-urls";
import { PageHeader } from "@/components/layout/page-header";
import { ParameterNotices } from "./parameter-notices";
import { EmailAddress } from "@/components/ui/email-address";

export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The listing of `/metadata`, `/metadata/{a}` and `/metadata/{a}/{b}`: the first page is rendered
 * here from the database; the client takes over for everything after.
 */
export async function ListingScreen({ segments, ...props }: { segments: string[]; searchParams: Promise<SearchParams> }) {
  const searchParams = await props.searchParams;
  await connection();
  const pathFilters = segments.map(classifyValue) as PathFilter[];
  const { params, notices } = readPageParams(searchParams);
  const query = withPathFilters(toListQuery(params), segments);

  const [page, menus] = await Promise.all([listEntries(query), facets()]);
  const basePath = metadataPath(...segments);
  return (
    <>
      <PageHeader title={heading(query, pathFilters)}>
        Signed metadata of virtual-machine appliances. Open an entry with “More...” to check its signature and download it.
      </PageHeader>
      <ParameterNotices notices={notices} />
      <EntryExplorer
        key={pageUrl(basePath, query, pathFilters)}
        initialQuery={query}
        initialPage={page}
        facets={menus}
        basePath={basePath}
        pathFilters={pathFilters}
      />
    </>
  );
}

/** The `<title>` of a listing address: the same words as its `<h1>`. */
export function listingTitle(segments: string[]): string {
  return title(withPathFilters(listParamsSchemaDefaults(), segments), segments.map(classifyValue) as PathFilter[]);
}

function listParamsSchemaDefaults(): ListQuery {
  return toListQuery({ ...listParamsSchema.parse({}), cursor: undefined });
}

/** The title, with an endorser's address wrapping at its dots rather than mid-name. */
function heading(query: ListQuery, pathFilters: PathFilter[]): ReactNode {
  if (!pathFilters.includes("identifier") && pathFilters.includes("email") && query.email) {
    return (
      <>
        Appliances endorsed by <EmailAddress email={query.email} />
      </>
    );
  }
  return title(query, pathFilters);
}

function title(query: ListQuery, pathFilters: PathFilter[]): string {
  if (pathFilters.includes("identifier")) return `Appliance ${query.identifier}`;
  if (pathFilters.includes("email")) return `Appliances endorsed by ${query.email}`;
  return "Appliances";
}
