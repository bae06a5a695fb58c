import type { EndorserSummary } from "@/lib/entries/types";
import { endorserHistoryPath, endorserTagsPath, metadataPath } from "@/lib/entries/entry-urls";
import { DateTime } from "@/components/ui/date-time";
import { Card, EmptyNotice } from "@/components/ui/card";
import { EmailAddress } from "@/components/ui/email-address";
import { TextLink } from "@/components/ui/text-link";
import { displayName } from "@/lib/metadata/pki/display-name";

/** Endorsers by name; the certificate subject and issuer open in a details element. */
export function EndorserTable({ endorsers }: { endorsers: EndorserSummary[] }) {
  if (endorsers.length === 0) {
    return <EmptyNotice>No endorser has uploaded metadata yet.</EmptyNotice>;
  }
  const sorted = [...endorsers].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Endorsers, sorted by name</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-700 dark:bg-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-4 py-3">
              Endorser
            </th>
            <th scope="col" className="px-4 py-3 text-right">
              Entries
            </th>
            <th scope="col" className="hidden px-4 py-3 sm:table-cell">
              Last endorsement
            </th>
            <th scope="col" className="px-4 py-3">
              View
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {sorted.map((endorser) => (
            <tr key={endorser.email} className="align-top">
              <th scope="row" className="max-w-md px-4 py-3 font-normal">
                <div className="font-semibold wrap-anywhere text-slate-900 dark:text-slate-100">{endorser.name}</div>
                <div className="wrap-anywhere text-slate-600 dark:text-slate-400">
                  <EmailAddress email={endorser.email} />
                </div>
                <div className="text-slate-600 sm:hidden dark:text-slate-400">
                  Last: <DateTime value={endorser.lastEndorsed} />
                </div>
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs font-medium text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-200">
                    Certificate
                  </summary>
                  <dl className="mt-1 space-y-1 text-xs">
                    <div>
                      <dt className="inline font-medium text-slate-500 dark:text-slate-400">Subject: </dt>
                      <dd className="inline wrap-anywhere text-slate-800 dark:text-slate-200">{displayName(endorser.subject)}</dd>
                    </div>
                    <div>
                      <dt className="inline font-medium text-slate-500 dark:text-slate-400">Issuer: </dt>
                      <dd className="inline wrap-anywhere text-slate-800 dark:text-slate-200">{displayName(endorser.issuer)}</dd>
                    </div>
                  </dl>
                </details>
              </th>
              <td className="px-4 py-3 text-right text-slate-800 tabular-nums dark:text-slate-200">{endorser.entries}</td>
              <td className="hidden px-4 py-3 whitespace-nowrap text-slate-800 sm:table-cell dark:text-slate-200">
                <DateTime value={endorser.lastEndorsed} />
              </td>
              <td className="px-4 py-3">
                <ul className="flex flex-col gap-1 sm:flex-row sm:gap-3">
                  <li>
                    <TextLink href={metadataPath(endorser.email)}>
                      Current<span className="sr-only"> entries of {endorser.email}</span>
                    </TextLink>
                  </li>
                  <li>
                    <TextLink href={endorserHistoryPath(endorser.email)}>
                      History<span className="sr-only"> of {endorser.email}</span>
                    </TextLink>
                  </li>
                  <li>
                    <TextLink href={endorserTagsPath(endorser.email)}>
                      Tags<span className="sr-only"> of {endorser.email}</span>
                    </TextLink>
                  </li>
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
