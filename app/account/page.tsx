import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountForm } from "@/components/account/account-form";
import { ActivityList } from "@/components/account/activity-list";
import { listAudit } from "@/db";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeading } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { PASSWORD_MIN } from "@/lib/accounts/password-policy";
import { sessionActor } from "@/lib/server/auth/actor";
import { changePasswordAction, saveProfileAction, signOutEverywhereAction } from "../_actions/accounts";

export const metadata: Metadata = { title: "Your account" };

const ROLE_WORDS = { user: "User", moderator: "Moderator", admin: "Administrator" } as const;

const SECTIONS = [
  { href: "/account/entries", title: "My entries", text: "Your published, pending and hidden entries." },
  { href: "/account/emails", title: "Endorser emails", text: "The endorser emails you own: verified ones make you their endorser." },
  { href: "/account/certificates", title: "Certificates", text: "Certificates linked to your account, and their expiry." },
  { href: "/account/tokens", title: "API tokens", text: "Tokens for the marketplace command and scripts." },
  { href: "/account/subscriptions", title: "Subscriptions", text: "Listings you follow, by email or webhook, and their delivery log." },
];

export default async function AccountPage() {
  const actor = await sessionActor();
  if (actor.kind !== "user" || actor.via !== "session") redirect("/sign-in?next=/account");
  const { user } = actor;
  // Only this account's own lines: those it did and those about it (the whole log is for admins).
  const activity = await listAudit({ concerning: user.id, limit: 15 });
  return (
    <>
      <PageHeader title="Your account">
        Signed in as <span className="font-medium text-slate-900 dark:text-slate-100">{user.email}</span>
      </PageHeader>
      {user.demo ? (
        <p
          role="note"
          className="mb-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-600/30 ring-inset dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-400/30"
        >
          This is a <strong>demo account</strong>: its password is public (see the sign-in page), and it exists only while this Marketplace
          runs with demo data.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3 lg:items-start">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card as="section" aria-labelledby="profile-heading">
            <CardHeading id="profile-heading">Profile</CardHeading>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-3 px-4 py-4 text-sm sm:grid-cols-[10rem_1fr] sm:px-5">
              <dt className="font-medium text-slate-600 dark:text-slate-400">Sign-in email</dt>
              <dd className="flex flex-wrap items-center gap-2 wrap-anywhere text-slate-900 dark:text-slate-100">
                {user.email}
                {user.emailVerified ? <Badge tone="green">verified</Badge> : <Badge tone="amber">not verified</Badge>}
              </dd>
              <dt className="font-medium text-slate-600 dark:text-slate-400">Role</dt>
              <dd className="flex flex-wrap items-center gap-2 text-slate-900 dark:text-slate-100">
                {ROLE_WORDS[user.role]}
                {user.demo ? <Badge tone="amber">demo account</Badge> : null}
              </dd>
              <dt className="font-medium text-slate-600 dark:text-slate-400">Member since</dt>
              <dd className="text-slate-900 dark:text-slate-100">{user.createdAt.toISOString().slice(0, 10)}</dd>
            </dl>
            <div className="border-t border-slate-200 px-4 py-4 sm:px-5 dark:border-slate-700">
              <AccountForm
                action={saveProfileAction}
                label="Name and notifications"
                submitLabel="Save"
                fields={[
                  { name: "name", label: "Name", autoComplete: "name", maxLength: 100, defaultValue: user.name ?? "" },
                  {
                    name: "notifyExpiry",
                    label: "Mail me before my entries expire",
                    type: "checkbox",
                    defaultChecked: user.notifyExpiry,
                  },
                  {
                    name: "notifyEndorsement",
                    label: "Monthly reminder of what I endorse",
                    type: "checkbox",
                    defaultChecked: user.notifyEndorsement,
                  },
                  {
                    name: "notifyCertificate",
                    label: "Mail me before a linked certificate expires",
                    type: "checkbox",
                    defaultChecked: user.notifyCertificate,
                  },
                  {
                    name: "notifyIntegrity",
                    label: "Mail me when an image of my entries fails its integrity check",
                    type: "checkbox",
                    defaultChecked: user.notifyIntegrity,
                  },
                ]}
              />
            </div>
          </Card>
          <Card as="section" aria-labelledby="password-heading">
            <CardHeading id="password-heading">Change the password</CardHeading>
            <div className="px-4 py-4 sm:px-5">
              {user.demo ? (
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  A demo account&apos;s password is public and stays as it is, so that everyone can try the demo.
                </p>
              ) : user.passwordHash ? (
                <AccountForm
                  action={changePasswordAction}
                  label="Change the password"
                  submitLabel="Change the password"
                  fields={[
                    {
                      name: "current",
                      label: "Current password",
                      type: "password",
                      autoComplete: "current-password",
                      required: true,
                      maxLength: 256,
                    },
                    {
                      name: "password",
                      label: "New password",
                      type: "password",
                      autoComplete: "new-password",
                      required: true,
                      minLength: PASSWORD_MIN,
                      maxLength: 256,
                      hint: `At least ${PASSWORD_MIN} characters. Changing it signs you out everywhere, here too.`,
                    },
                    {
                      name: "confirm",
                      label: "New password again",
                      type: "password",
                      autoComplete: "new-password",
                      required: true,
                      maxLength: 256,
                    },
                  ]}
                />
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  This account signs in with its identity provider and has no password here. You can set one with{" "}
                  <TextLink href="/reset">a reset link</TextLink>.
                </p>
              )}
            </div>
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card as="section" aria-labelledby="more-heading">
            <CardHeading id="more-heading">More of your account</CardHeading>
            <ul className="divide-y divide-slate-200 dark:divide-slate-700">
              {SECTIONS.map((section) => (
                <li key={section.href} className="px-4 py-3 sm:px-5">
                  <TextLink href={section.href} className="font-medium">
                    {section.title}
                  </TextLink>
                  <p className="text-sm text-slate-600 dark:text-slate-400">{section.text}</p>
                </li>
              ))}
            </ul>
          </Card>
          <Card as="section" aria-labelledby="activity-heading">
            <CardHeading id="activity-heading">Recent activity</CardHeading>
            <ActivityList lines={activity.map(({ id, at, action, target }) => ({ id, at, action, target }))} />
          </Card>
          <Card as="section" aria-labelledby="sessions-heading">
            <CardHeading id="sessions-heading">Sessions</CardHeading>
            <div className="space-y-3 px-4 py-4 text-sm text-slate-600 sm:px-5 dark:text-slate-400">
              <p>Lost a device, or signed in on a shared computer? End every session of this account, on every device, this one too.</p>
              <form action={signOutEverywhereAction}>
                <Button type="submit" variant="secondary" size="sm">
                  Sign out everywhere
                </Button>
              </form>
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}
