import type { Metadata } from "next";
import { connection } from "next/server";
import { endorserTags } from "@/db";
import { TagList } from "@/components/endorsers/tag-list";
import { endorserHistoryPath, metadataPath, readSegment } from "@/lib/entries/entry-urls";
import { PageHeader } from "@/components/layout/page-header";
import { EmailAddress } from "@/components/ui/email-address";
import { TextLink } from "@/components/ui/text-link";

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
        <TextLink href={metadataPath(email)}>Current entries</TextLink>
        {" · "}
        <TextLink href={endorserHistoryPath(email)}>History</TextLink>
      </PageHeader>
      <TagList email={email} tags={tags} />
    </>
  );
}
