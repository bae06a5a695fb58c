import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { endorserTags } from "@/db";
import { TagList } from "@/components/endorsers/tag-list";
import { endorserHistoryHref, listingHref, readSegment } from "@/components/hrefs";
import { PageHeader } from "@/components/layout/page-header";
import { EmailAddress } from "@/components/ui/email-address";

type Props = { params: Promise<{ email: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const email = readSegment((await params).email);
  return { title: `Current tags for ${email}` };
}

/** `/endorsers/{email}/tags`: the endorser's tags, each resolving to its newest entry. */
export default async function EndorserTagsPage({ params }: Props) {
  const email = readSegment((await params).email);
  await connection();
  const tags = await endorserTags(email);
  return (
    <>
      <PageHeader
        title={
          <>
            Current tags for <EmailAddress email={email} />
          </>
        }
      >
        <Link href={listingHref(email)} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          Current entries
        </Link>
        {" · "}
        <Link href={endorserHistoryHref(email)} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          History
        </Link>
      </PageHeader>
      <TagList email={email} tags={tags} />
    </>
  );
}
