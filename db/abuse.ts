import "server-only";
/** Abuse reports for the admins and moderators: the audit lines and the pending uploads reported as abuse. */
import { desc, eq } from "drizzle-orm";
import { pendingUploads } from "./schema";
import { listAudit, type AuditLine } from "./audit";
import { withDb } from "./with-db";

export interface AbusiveUpload {
  id: number;
  identifier: string;
  email: string;
  created: string;
  title: string | null;
  address: string | null;
  uploadedAt: string;
  decidedAt: string | null;
}

export interface AbuseReports {
  reports: AuditLine[];
  uploads: AbusiveUpload[];
}

export async function listAbuseReports(limit = 200): Promise<AbuseReports> {
  const [reports, uploads] = await Promise.all([
    listAudit({ action: "abuse-report", limit }),
    withDb("listing abuse reports", async (db) =>
      db
        .select({
          id: pendingUploads.id,
          identifier: pendingUploads.identifier,
          email: pendingUploads.email,
          created: pendingUploads.created,
          title: pendingUploads.title,
          address: pendingUploads.address,
          createdAt: pendingUploads.createdAt,
          decidedAt: pendingUploads.decidedAt,
        })
        .from(pendingUploads)
        .where(eq(pendingUploads.status, "abuse"))
        .orderBy(desc(pendingUploads.id))
        .limit(Math.min(limit, 1000)),
    ),
  ]);
  return {
    reports,
    uploads: uploads.map((row) => ({
      id: row.id,
      identifier: row.identifier,
      email: row.email,
      created: row.created.toISOString(),
      title: row.title,
      address: row.address,
      uploadedAt: row.createdAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
    })),
  };
}
