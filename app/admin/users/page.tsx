import type { Metadata } from "next";
import { listUsers } from "@/db";
import { AdminNav } from "@/components/admin/admin-nav";
import { ForbiddenNotice } from "@/components/admin/forbidden-notice";
import { toMetadataDate } from "@/components/admin/fields";
import { RoleForm } from "@/components/admin/role-form";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNotice } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { pageAccess } from "@/lib/server/auth/page-access";
import { changeRoleAction } from "./actions";

export const metadata: Metadata = { title: "Users and roles" };

export default async function AdminUsersPage() {
  const access = await pageAccess("admin", "/admin/users");
  if (!access.allowed) return <ForbiddenNotice role={access.role} yours={access.yours} />;
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users and roles">
        Every account, its role and the endorser emails it claims. A role change signs the account out of every session.
      </PageHeader>
      <AdminNav current="users" admin />
      {users.length === 0 ? (
        <EmptyNotice>No accounts yet.</EmptyNotice>
      ) : (
        <Card as="ul" className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="user-list">
          {users.map((user) => (
            <li key={user.id} className="grid gap-3 px-4 py-4 sm:px-5 md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_16rem] md:items-start">
              <div className="min-w-0">
                <p className="font-medium wrap-anywhere text-slate-900 dark:text-slate-100">{user.email}</p>
                {user.name ? <p className="text-sm text-slate-600 dark:text-slate-400">{user.name}</p> : null}
                <div className="mt-1 flex flex-wrap gap-1.5">
                  <Badge tone={user.role === "user" ? "slate" : "blue"}>{user.role}</Badge>
                  <Badge tone={user.verified ? "green" : "amber"}>{user.verified ? "verified" : "not verified"}</Badge>
                  {user.demo ? <Badge tone="amber">demo</Badge> : null}
                  {user.disabled ? <Badge tone="red">disabled</Badge> : null}
                </div>
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                  Created <DateTime value={toMetadataDate(user.createdAt)} />
                </p>
              </div>
              <div className="min-w-0 text-sm">
                <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Endorser emails</p>
                {user.endorserEmails.length === 0 ? (
                  <p className="text-slate-500 dark:text-slate-400">none</p>
                ) : (
                  <ul className="space-y-0.5">
                    {user.endorserEmails.map((email) => (
                      <li key={email.email} className="wrap-anywhere text-slate-800 dark:text-slate-200">
                        {email.email}{" "}
                        <span className="text-xs text-slate-500 dark:text-slate-400">({email.verified ? "verified" : "not verified"})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <RoleForm userId={user.id} email={user.email} role={user.role} action={changeRoleAction} />
            </li>
          ))}
        </Card>
      )}
    </>
  );
}
