import type { Metadata } from "next";
import { listOutbox } from "@/db";
import { AdminNav } from "@/components/admin/admin-nav";
import { ForbiddenNotice } from "@/components/admin/forbidden-notice";
import { OutboxTable, type OutboxItem } from "@/components/admin/outbox-table";
import { PageHeader } from "@/components/layout/page-header";
import { pageAccess } from "@/lib/server/auth/page-access";

export const metadata: Metadata = { title: "Outbox" };

export default async function AdminOutboxPage() {
  const access = await pageAccess("admin", "/admin/outbox");
  if (!access.allowed) return <ForbiddenNotice role={access.role} yours={access.yours} />;
  const rows = await listOutbox(200);
  const items: OutboxItem[] = rows.map((row) => ({
    id: row.id,
    to: row.to,
    subject: row.subject,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    file: row.file,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  }));
  return (
    <>
      <PageHeader title="Outbox">
        Every message the Marketplace sends, newest first. Without SMTP each one is written as an .eml file in the data directory’s outbox.
      </PageHeader>
      <AdminNav current="outbox" admin />
      <OutboxTable items={items} />
    </>
  );
}
