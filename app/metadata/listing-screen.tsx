import { connection } from "next/server";
import { facets, listEntries } from "@/db/entries";
import { classifyValue, readPageParams, toListQuery, withPathFilters, type ListQuery } from "@/lib/entries/list-query";
import { EntryExplorer } from "@/components/listing/entry-explorer";
import { pageUrl, type PathFilter } from "@/components/listing/listing-urls";
import { listingHref } from "@/components/hrefs";
import { PageHeader } from "@/components/layout/page-header";
import { ParameterNotices } from "./parameter-notices";

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
  const basePath = listingHref(...segments);
  return (
    <>
      <PageHeader title={title(query, pathFilters)}>Signed metadata of virtual-machine appliances. Open an entry with “More...” to check its signature and download it.</PageHeader>
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

function title(query: ListQuery, pathFilters: PathFilter[]): string {
  if (pathFilters.includes("identifier")) return `Appliance ${query.identifier}`;
  if (pathFilters.includes("email")) return `Appliances endorsed by ${query.email}`;
  return "Appliances";
}
