import type { Metadata } from "next";
import { listEndorserEmails } from "@/db";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeading } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { pageUser } from "@/lib/server/auth/page-access";
import { addEmailAction, removeEmailAction } from "./actions";

export const metadata: Metadata = { title: "Endorser emails" };

export default async function EndorserEmailsPage() {
  const { user } = await pageUser("/account/emails");
  const emails = await listEndorserEmails(user.id);
  return (
    <>
      <PageHeader title="Endorser emails">
        The addresses you endorse appliances with. Once you prove one, your uploads for it are published at once, and its entries are listed
        under My entries. An address belongs to one account.
      </PageHeader>
      <div className="max-w-3xl space-y-6">
        <Card as="section" aria-labelledby="emails-heading">
          <CardHeading id="emails-heading">Your endorser emails</CardHeading>
          {emails.length === 0 ? (
            <p className="px-4 py-4 text-sm text-slate-600 sm:px-5 dark:text-slate-400">
              None yet: add the address your certificates carry.
            </p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-700">
              {emails.map((e) => (
                <li key={e.email} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-5">
                  <div className="min-w-0">
                    <p className="font-medium break-all text-slate-900 dark:text-slate-100">{e.email}</p>
                    <p className="text-sm text-slate-600 dark:text-slate-400">
                      {e.verified && e.verifiedAt ? (
                        <>
                          <Badge tone="green">Verified</Badge> <DateTime value={e.verifiedAt} />
                        </>
                      ) : (
                        <>
                          <Badge tone="amber">Not verified</Badge> follow the link mailed to it
                        </>
                      )}
                    </p>
                  </div>
                  <ActionForm
                    action={removeEmailAction}
                    submitLabel="Remove"
                    submitAriaLabel={`Remove ${e.email}`}
                    variant="secondary"
                    size="xs"
                  >
                    <input type="hidden" name="email" value={e.email} />
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card as="section" aria-labelledby="add-heading" className="p-4 sm:p-5">
          <h2 id="add-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
            Add an endorser email
          </h2>
          <ActionForm action={addEmailAction} submitLabel="Send the link" label="Add an endorser email" className="mt-3 space-y-3">
            <div>
              <label htmlFor="email" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
                Email address
              </label>
              <input
                id="email"
                name="email"
                type="email"
                required
                maxLength={320}
                autoComplete="email"
                className="mt-1 block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-950 dark:text-slate-100 dark:ring-slate-600"
              />
            </div>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
