import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { AuditFilters } from "@/components/admin/audit-filters";
import { AuditTable } from "@/components/admin/audit-table";
import { ForbiddenNotice } from "@/components/admin/forbidden-notice";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClass, ButtonLink } from "@/components/ui/button";
import { auditQuerySchema } from "@/lib/accounts/admin-schemas";
import { AUDIT_ACTIONS } from "@/lib/accounts/roles";
import { auditLinesAs } from "@/lib/server/admin/use-cases";
import { pageAccess } from "@/lib/server/auth/page-access";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const FILTERS = ["action", "actor", "since", "until"] as const;

export default async function AdminAuditPage({ searchParams }: { searchParams: SearchParams }) {
  const access = await pageAccess("admin", "/admin/audit");
  if (!access.allowed) return <ForbiddenNotice role={access.role} yours={access.yours} />;
  const raw = await searchParams;
  const values: Record<string, string> = {};
  for (const name of [...FILTERS, "before"] as const) {
    const value = raw[name];
    if (typeof value === "string" && value.trim() !== "") values[name] = value.trim();
  }
  const parsed = auditQuerySchema.safeParse(values);
  const problem = parsed.success ? undefined : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  const page = parsed.success
    ? await auditLinesAs(access.actor, { ...parsed.data, limit: 100 }, { csv: false, rawUntil: values.until })
    : { items: [] };
  const filterParams = new URLSearchParams(Object.entries(values).filter(([name]) => name !== "before"));
  const csvParams = new URLSearchParams(filterParams);
  csvParams.set("format", "csv");
  const older = page.nextBefore ? new URLSearchParams({ ...Object.fromEntries(filterParams), before: String(page.nextBefore) }) : undefined;
  return (
    <>
      <PageHeader
        title="Audit log"
        actions={
          <a href={`/api/v1/audit?${csvParams}`} className={buttonClass({ variant: "secondary", size: "sm" })} download>
            Export CSV
          </a>
        }
      >
        Uploads, confirmations, abuse reports, moderation, role changes, tokens and sign-ins, newest first. Lines are never changed or
        deleted.
      </PageHeader>
      <AdminNav current="audit" admin />
      <AuditFilters actions={AUDIT_ACTIONS} values={values} />
      {problem ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-600/30 ring-inset dark:bg-red-950/60 dark:text-red-100"
        >
          {problem}
        </p>
      ) : null}
      <AuditTable lines={page.items} />
      <div className="mt-4 flex flex-wrap justify-between gap-2">
        {values.before ? (
          <ButtonLink href={`/admin/audit?${filterParams}`} variant="secondary" size="sm">
            Newest
          </ButtonLink>
        ) : (
          <span />
        )}
        {older ? (
          <ButtonLink href={`/admin/audit?${older}`} variant="secondary" size="sm">
            Older lines
          </ButtonLink>
        ) : null}
      </div>
    </>
  );
}
