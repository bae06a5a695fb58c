import "server-only";
/**
 * The append-only audit log (the table refuses UPDATE and DELETE). `recordAudit` takes the
 * transaction of the change it records when there is one, so the change and its line commit together.
 */
import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { AuditAction } from "@/lib/accounts/roles";
import { auditLog, type NewAuditLogRow } from "./schema";
import type { Db } from "./client";
import { withDb } from "./with-db";

export interface AuditInput {
  action: AuditAction;
  actor?: { userId: string; email: string } | "system" | "visitor";
  targetUserId?: string | null;
  target?: string | null;
  address?: string | null;
  details?: Record<string, unknown>;
}

const MAX_TEXT = 1_000;

export function auditRow(input: AuditInput): NewAuditLogRow {
  const actor = input.actor ?? "visitor";
  return {
    action: input.action,
    actorUserId: typeof actor === "string" ? null : actor.userId,
    actorLabel: (typeof actor === "string" ? actor : actor.email).slice(0, MAX_TEXT),
    targetUserId: input.targetUserId ?? null,
    target: input.target?.slice(0, MAX_TEXT) ?? null,
    address: input.address?.slice(0, MAX_TEXT) ?? null,
    details: input.details ?? {},
  };
}

/** Writes one line, in `tx` when given (the same transaction as the change), else on its own. */
export async function recordAudit(input: AuditInput, tx?: Pick<Db, "insert">): Promise<void> {
  if (tx) {
    await tx.insert(auditLog).values(auditRow(input));
    return;
  }
  await withDb("writing the audit log", async (db) => {
    await db.insert(auditLog).values(auditRow(input));
  });
}

export interface AuditFilter {
  action?: AuditAction;
  actorUserId?: string;
  /** The actor's label: an email (compared lowercased), "system" or "visitor". */
  actor?: string;
  /** Only the lines about this account (what a user may see of their own). */
  targetUserId?: string;
  /** The lines this account did or that concern it: what its owner sees of the log ("Recent activity"). */
  concerning?: string;
  since?: Date;
  until?: Date;
  /** Lines with an id below this, for paging newest first. */
  before?: number;
  limit?: number;
}

export interface AuditLine {
  id: number;
  at: string;
  action: AuditAction;
  actorUserId: string | null;
  actor: string;
  targetUserId: string | null;
  target: string | null;
  address: string | null;
  details: Record<string, unknown>;
}

/** Newest first. Who may read which lines is the caller's check (admins all, a user only their own). */
export async function listAudit(filter: AuditFilter = {}): Promise<AuditLine[]> {
  const where: SQL[] = [];
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.actorUserId) where.push(eq(auditLog.actorUserId, filter.actorUserId));
  if (filter.actor) where.push(eq(sql`lower(${auditLog.actorLabel})`, filter.actor.trim().toLowerCase()));
  if (filter.targetUserId) where.push(eq(auditLog.targetUserId, filter.targetUserId));
  if (filter.concerning) where.push(or(eq(auditLog.targetUserId, filter.concerning), eq(auditLog.actorUserId, filter.concerning))!);
  if (filter.since) where.push(gte(auditLog.at, filter.since));
  if (filter.until) where.push(lte(auditLog.at, filter.until));
  if (filter.before) where.push(lt(auditLog.id, filter.before));
  return withDb("reading the audit log", async (db) => {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(desc(auditLog.id))
      .limit(Math.min(filter.limit ?? 100, 10_000));
    return rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      action: row.action,
      actorUserId: row.actorUserId,
      actor: row.actorLabel,
      targetUserId: row.targetUserId,
      target: row.target,
      address: row.address,
      details: row.details,
    }));
  });
}
