import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { deliveriesOf, listSubscriptions } from "@/db";
import { sessionActor } from "@/lib/server/auth/actor";
import { PageHeader } from "@/components/layout/page-header";
import { CreateSubscriptionForm, DeleteSubscriptionForm } from "@/components/account/subscription-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeading, EmptyNotice } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { createSubscriptionAction, deleteSubscriptionAction } from "./actions";

export const metadata: Metadata = { title: "Subscriptions" };
export const dynamic = "force-dynamic";

/** Saved searches the account follows, by email or webhook, with each webhook's delivery log. */
export default async function AccountSubscriptionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await sessionActor();
  const raw = (await searchParams).query;
  const query = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  if (actor.kind !== "user")
    redirect(`/sign-in?next=${encodeURIComponent(`/account/subscriptions${query ? `?query=${encodeURIComponent(query)}` : ""}`)}`);
  const subscriptions = await listSubscriptions(actor.user.id);
  const logs = await Promise.all(
    subscriptions.map(async (s) => (s.channel === "webhook" ? ((await deliveriesOf(actor.user.id, s.id, 5)) ?? []) : [])),
  );
  return (
    <>
      <PageHeader title="Subscriptions">
        Follow any listing: new entries matching its filters are mailed to {actor.user.email}, or posted to a webhook with an HMAC-signed
        body (retried with backoff until it answers 2xx). The same from scripts: <code className="font-mono">/api/v1/subscriptions</code>.
      </PageHeader>
      <div className="space-y-6">
        <Card as="section" aria-labelledby="new-subscription">
          <CardHeading id="new-subscription">New subscription</CardHeading>
          <div className="p-4 sm:p-5">
            <CreateSubscriptionForm action={createSubscriptionAction} query={query} />
          </div>
        </Card>
        <Card as="section" aria-labelledby="your-subscriptions">
          <CardHeading id="your-subscriptions">Your subscriptions</CardHeading>
          {subscriptions.length === 0 ? (
            <div className="p-4 sm:p-5">
              <EmptyNotice>None yet.</EmptyNotice>
            </div>
          ) : (
            <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="subscriptions">
              {subscriptions.map((subscription, index) => (
                <li key={subscription.id} className="grid gap-2 px-4 py-3 text-sm sm:px-5">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <p className="font-medium text-slate-900 dark:text-slate-100">
                      {subscription.name} <Badge tone="slate">{subscription.channel}</Badge>
                    </p>
                    <DeleteSubscriptionForm action={deleteSubscriptionAction} id={subscription.id} name={subscription.name} />
                  </div>
                  <p className="wrap-anywhere text-slate-600 dark:text-slate-400">
                    <TextLink href={`/metadata${subscription.query ? `?${subscription.query}` : ""}`}>
                      {subscription.query || "every new entry"}
                    </TextLink>
                    {subscription.webhookUrl ? <span className="font-mono"> → {subscription.webhookUrl}</span> : null}
                  </p>
                  {logs[index]!.length > 0 ? (
                    <ul
                      className="space-y-0.5 text-xs text-slate-600 dark:text-slate-400"
                      aria-label={`Last deliveries of ${subscription.name}`}
                    >
                      {logs[index]!.map((delivery) => (
                        <li key={`${delivery.notification}-${delivery.attempt}`}>
                          <Badge tone={delivery.ok ? "green" : "red"}>{delivery.ok ? "delivered" : "failed"}</Badge>{" "}
                          {delivery.at.slice(0, 16).replace("T", " ")} UTC, attempt {delivery.attempt}, {delivery.entries}{" "}
                          {delivery.entries === 1 ? "entry" : "entries"}: {delivery.detail}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
