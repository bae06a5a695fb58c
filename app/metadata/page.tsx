import type { Metadata } from "next";
import { ListingScreen, type SearchParams } from "./listing-screen";

export const metadata: Metadata = { title: "Appliances" };

export default function MetadataPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <ListingScreen segments={[]} searchParams={searchParams} />;
}
