import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { findByTag } from "@/db";
import { classifyValue } from "@/lib/entries/list-query";
import { tagFromRequest } from "@/lib/entries/tag";
import { entryPath, readSegment } from "@/lib/entries/entry-urls";
import { ListingScreen, listingTitle, type SearchParams } from "../listing-screen";

type Props = { params: Promise<{ a: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: listingTitle([readSegment((await params).a)]) };
}

/** `/metadata/{a}`: the listing filtered by an email, a date or an identifier, told apart by shape. */
export default async function FilteredMetadataPage({ params, searchParams }: Props) {
  const a = readSegment((await params).a);
  const { tag } = await searchParams;
  // The original's tag mode, `/metadata/{email}?tag=...`, answers with the tagged entry.
  if (typeof tag === "string" && tag && classifyValue(a) === "email") {
    await connection();
    const key = await findByTag(a, tagFromRequest(tag));
    if (key) redirect(entryPath(key));
  }
  return <ListingScreen segments={[a]} searchParams={searchParams} />;
}
