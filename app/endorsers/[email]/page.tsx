import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { endorserCertificates, endorserHistory } from "@/db";
import { CertificateHistory } from "@/components/endorsers/certificate-history";
import { HistoryTable } from "@/components/endorsers/history-table";
import { endorserHistoryPath, endorserTagsPath, metadataPath, readSegment } from "@/lib/entries/entry-urls";
import { PageHeader } from "@/components/layout/page-header";
import { historyRange } from "@/lib/entries/history-range";
import { RangeSelect } from "./range-select";
import { EmailAddress } from "@/components/ui/email-address";
import { TextLink } from "@/components/ui/text-link";

type Props = { params: Promise<{ email: string }>; searchParams: Promise<{ range?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const email = readSegment((await params).email);
  return { title: `History for ${email}` };
}

/**
 * `/endorsers/{email}`: what this endorser signed in the last `?range=` days (30, 60 or 90 from the
 * select, any other by address; lib/entries/history-range.ts), or ever. An email that
 * never endorsed anything is a 404 (its certificates are those of its entries, so none means no entry).
 */
export default async function EndorserHistoryPage({ params, searchParams }: Props) {
  const [{ email: rawEmail }, { range }] = await Promise.all([params, searchParams]);
  const email = readSegment(rawEmail);
  const days = historyRange(range);
  await connection();
  const [items, certificates] = await Promise.all([endorserHistory(email, days), endorserCertificates(email)]);
  if (certificates.length === 0) notFound();
  return (
    <>
      <PageHeader
        title={
          <>
            History for <EmailAddress email={email} />
          </>
        }
        actions={<RangeSelect action={endorserHistoryPath(email)} range={days} />}
      >
        <TextLink href={metadataPath(email)}>Current entries</TextLink>
        {" · "}
        <TextLink href={endorserTagsPath(email)}>Tags</TextLink>
      </PageHeader>
      <HistoryTable items={items} range={days} />
      {certificates.length > 0 ? (
        <section aria-labelledby="certificates-heading" className="mt-8 space-y-3">
          <h2 id="certificates-heading" className="text-lg font-semibold text-slate-900 dark:text-slate-100">
            Certificates
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Every certificate that has signed entries for {email}. Only these keys may publish for this email; a new key needs a certificate
            from a trusted CA that carries the email.
          </p>
          <CertificateHistory certificates={certificates} />
        </section>
      ) : null}
    </>
  );
}
