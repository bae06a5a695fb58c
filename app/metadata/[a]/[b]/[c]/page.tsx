import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { endorserCertificates, entriesForImage, getEntry } from "@/db";
import { EntryFacts } from "@/components/entry/entry-facts";
import { EntryHeader } from "@/components/entry/entry-header";
import { entryTitle } from "@/components/entry/entry-title";
import { RelatedEntries } from "@/components/entry/related-entries";
import { SignaturePanel } from "@/components/entry/signature-panel";
import { SupersessionBanner } from "@/components/entry/supersession-banner";
import { readSegment } from "@/lib/entries/entry-urls";
import { VerifyDownload } from "@/components/verify/verify-download";

type Params = Promise<{ a: string; b: string; c: string }>;

/** One read per request, shared by the page and its <title>. */
const loadEntry = cache(async (identifier: string, email: string, created: string) => {
  await connection();
  return getEntry({ identifier, email, created });
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { a, b, c } = await params;
  const entry = await loadEntry(readSegment(a), readSegment(b), readSegment(c));
  return { title: entry ? entryTitle(entry) : "Entry not found" };
}

/** `/metadata/{identifier}/{email}/{created}`: one entry whatever its status ("More..."). */
export default async function EntryPage({ params }: { params: Params }) {
  const { a, b, c } = await params;
  const [identifier, email, created] = [readSegment(a), readSegment(b), readSegment(c)];
  const entry = await loadEntry(identifier, email, created);
  if (!entry) notFound();
  const [related, certificates] = await Promise.all([entriesForImage(identifier), endorserCertificates(email)]);
  return (
    <article>
      <SupersessionBanner entry={entry} related={related} />
      <EntryHeader entry={entry} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start">
        <div className="min-w-0 lg:col-start-1">
          <EntryFacts entry={entry} />
          <VerifyDownload metadata={entry.metadata} />
        </div>
        <div className="min-w-0 lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <SignaturePanel entry={entry} certificates={certificates} />
        </div>
        <div className="min-w-0 lg:col-start-1">
          <RelatedEntries current={entry} entries={related} />
        </div>
      </div>
    </article>
  );
}
