import type { Metadata } from "next";
import { listAbuseReports } from "@/db";
import { AdminNav } from "@/components/admin/admin-nav";
import { AuditTable } from "@/components/admin/audit-table";
import { ForbiddenNotice } from "@/components/admin/forbidden-notice";
import { toMetadataDate } from "@/components/admin/fields";
import { PageHeader } from "@/components/layout/page-header";
import { Card, EmptyNotice } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { hasRole } from "@/lib/accounts/roles";
import { pageAccess } from "@/lib/server/auth/page-access";

export const metadata: Metadata = { title: "Abuse reports" };

export default async function AdminAbusePage() {
  const access = await pageAccess("moderator", "/admin/abuse");
  if (!access.allowed) return <ForbiddenNotice role={access.role} yours={access.yours} />;
  const { reports, uploads } = await listAbuseReports();
  return (
    <>
      <PageHeader title="Abuse reports">
        Uploads whose endorser email followed the “abuse” link of a confirmation mail: the upload was discarded, and its uploader may
        deserve a look.
      </PageHeader>
      <AdminNav current="abuse" admin={hasRole(access.actor.user.role, "admin")} />
      <section aria-labelledby="abuse-uploads" className="mb-8">
        <h2 id="abuse-uploads" className="mb-3 text-base font-semibold text-slate-900 dark:text-slate-100">
          Uploads reported as abuse
        </h2>
        {uploads.length === 0 ? (
          <EmptyNotice>No upload has been reported.</EmptyNotice>
        ) : (
          <Card as="ul" className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="abuse-uploads">
            {uploads.map((upload) => (
              <li key={upload.id} className="space-y-1 px-4 py-3 text-sm sm:px-5">
                <p className="font-medium wrap-anywhere text-slate-900 dark:text-slate-100">{upload.title ?? upload.identifier}</p>
                <p className="font-mono text-xs wrap-anywhere text-slate-600 dark:text-slate-400">
                  {upload.identifier} · {upload.email} · {upload.created.replace(/\.\d+Z$/, "Z")}
                </p>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  Uploaded <DateTime value={toMetadataDate(upload.uploadedAt)} />
                  {upload.address ? <> from {upload.address}</> : null}
                  {upload.decidedAt ? (
                    <>
                      , reported <DateTime value={toMetadataDate(upload.decidedAt)} />
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </Card>
        )}
      </section>
      <section aria-labelledby="abuse-lines">
        <h2 id="abuse-lines" className="mb-3 text-base font-semibold text-slate-900 dark:text-slate-100">
          Reports in the audit log
        </h2>
        <AuditTable lines={reports} empty="No abuse report in the audit log." />
      </section>
    </>
  );
}
