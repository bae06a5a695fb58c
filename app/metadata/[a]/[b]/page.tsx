import type { Metadata } from "next";
import { readSegment } from "@/lib/entries/entry-urls";
import { ListingScreen, listingTitle, type SearchParams } from "../../listing-screen";

export async function generateMetadata({ params }: { params: Promise<{ a: string; b: string }> }): Promise<Metadata> {
  const { a, b } = await params;
  return { title: listingTitle([readSegment(a), readSegment(b)]) };
}

/** `/metadata/{a}/{b}`: the listing with two filters, e.g. `/metadata/{identifier}/{email}`. */
export default async function DoublyFilteredMetadataPage({
  params,
  searchParams,
}: {
  params: Promise<{ a: string; b: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { a, b } = await params;
  return <ListingScreen segments={[readSegment(a), readSegment(b)]} searchParams={searchParams} />;
}
