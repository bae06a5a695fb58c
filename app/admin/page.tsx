import type { Metadata } from "next";
import Link from "next/link";
import { AdminNav } from "@/components/admin/admin-nav";
import { ForbiddenNotice } from "@/components/admin/forbidden-notice";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { hasRole } from "@/lib/accounts/roles";
import { pageAccess } from "@/lib/server/auth/page-access";

export const metadata: Metadata = { title: "Administration" };

const SECTIONS = [
  {
    href: "/admin/users",
    title: "Users and roles",
    text: "Every account, its endorser emails, and who is a moderator or an admin.",
    admin: true,
  },
  { href: "/admin/audit", title: "Audit log", text: "What happened, by whom, from where: filter it and export it as CSV.", admin: true },
  { href: "/admin/outbox", title: "Outbox", text: "The mail the Marketplace sent or will send, with its delivery status.", admin: true },
  { href: "/admin/abuse", title: "Abuse reports", text: "Uploads an endorser email reported as not theirs.", admin: false },
];

export default async function AdminPage() {
  const access = await pageAccess("moderator", "/admin");
  if (!access.allowed) return <ForbiddenNotice role={access.role} yours={access.yours} />;
  const admin = hasRole(access.actor.user.role, "admin");
  return (
    <>
      <PageHeader title="Administration">
        Signed in as {access.actor.user.email} ({access.actor.user.role}). Moderators hide and show entries from the entry pages.
      </PageHeader>
      <AdminNav current="overview" admin={admin} />
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.filter((section) => admin || !section.admin).map((section) => (
          <li key={section.href}>
            <Link href={section.href} className={`group block h-full rounded-lg focus-visible:outline-offset-2 ${FOCUS_RING}`}>
              <Card className="h-full p-5 transition-colors group-hover:border-indigo-300 dark:group-hover:border-indigo-500">
                <h2 className="text-base font-semibold text-indigo-700 group-hover:underline dark:text-indigo-300">{section.title}</h2>
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{section.text}</p>
              </Card>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
