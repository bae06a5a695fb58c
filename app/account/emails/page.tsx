import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { addEndorserEmail, listEndorserEmails, removeEndorserEmail } from "@/db";
import { Notice, oneParam } from "@/components/account/notice";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeading } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { messageUrl, pageAddress, pageBaseUrl, pageUser } from "@/lib/server/account/page-actor";

export const metadata: Metadata = { title: "Endorser emails" };

const PATH = "/account/emails";

async function addEmail(form: FormData) {
  "use server";
  const { user } = await pageUser(PATH);
  let target: string;
  try {
    const email = String(form.get("email") ?? "");
    const base = await pageBaseUrl();
    const { sent } = await addEndorserEmail(user.id, email, (secret) => `${base}account/emails/verify?token=${secret}`, {
      address: await pageAddress(),
    });
    target = messageUrl(PATH, {
      done: sent ? `A link went to ${email.trim()}: follow it to prove the address.` : `${email.trim()} is already verified.`,
    });
  } catch (error) {
    target = messageUrl(PATH, { error });
  }
  redirect(target);
}

async function removeEmail(form: FormData) {
  "use server";
  const { user } = await pageUser(PATH);
  let target: string;
  try {
    const email = String(form.get("email") ?? "");
    await removeEndorserEmail(user.id, email);
    target = messageUrl(PATH, { done: `${email} was removed.` });
  } catch (error) {
    target = messageUrl(PATH, { error });
  }
  redirect(target);
}

export default async function EndorserEmailsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user } = await pageUser(PATH);
  const params = await searchParams;
  const emails = await listEndorserEmails(user.id);
  return (
    <>
      <PageHeader title="Endorser emails">
        The addresses you endorse appliances with. Once you prove one, your uploads for it are published at once, and its entries are listed
        under My entries. An address belongs to one account.
      </PageHeader>
      <div className="max-w-3xl space-y-6">
        <Notice done={oneParam(params.done)} error={oneParam(params.error)} />
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
                  <form action={removeEmail}>
                    <input type="hidden" name="email" value={e.email} />
                    <Button type="submit" variant="secondary" size="xs" aria-label={`Remove ${e.email}`}>
                      Remove
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card as="section" aria-labelledby="add-heading" className="p-4 sm:p-5">
          <h2 id="add-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
            Add an endorser email
          </h2>
          <form action={addEmail} className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end">
            <div className="min-w-0 flex-1">
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
            <Button type="submit">Send the link</Button>
          </form>
        </Card>
      </div>
    </>
  );
}
