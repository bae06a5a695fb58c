import type { Metadata } from "next";
import { readSegment } from "@/components/hrefs";
import { ListingScreen, type SearchParams } from "../../listing-screen";

export const metadata: Metadata = { title: "Appliances" };

/** `/metadata/{a}/{b}`: the listing with two filters, e.g. `/metadata/{identifier}/{email}`. */
export default async function DoublyFilteredMetadataPage({ params, searchParams }: { params: Promise<{ a: string; b: string }>; searchParams: Promise<SearchParams> }) {
  const { a, b } = await params;
  return <ListingScreen segments={[readSegment(a), readSegment(b)]} searchParams={searchParams} />;
}
