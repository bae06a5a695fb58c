/**
 * The publishing workflow's tables: uploads held for email confirmation, the append-only audit log,
 * the one job queue (mail, reminders, and image builds later) and the mail outbox. Part of the one
 * schema: db/schema.ts re-exports this file.
 */
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { bytea } from "./column-types";
import type { AuditAction, JobStatus, OutboxStatus, PendingReason, PendingStatus } from "@/lib/accounts/roles";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * An upload that verified but whose endorser email is not proven (reference section 4.5), or that
 * is signed by a key new to its email: stored here, not in entries, until the email's owner follows
 * the confirm link (then it is re-validated and published), the abort link, or the abuse link.
 */
export const pendingUploads = pgTable(
  "pending_uploads",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Hex SHA-256 of the uuid in /action/{uuid}/confirm|abort|abuse/: the uuid itself is never stored. */
    actionHash: text("action_hash").notNull(),
    xml: bytea("xml").notNull(),
    identifier: text("identifier").notNull(),
    email: text("email").notNull(),
    created: timestamptz("created").notNull(),
    title: text("title"),
    reason: text("reason").$type<PendingReason>().notNull(),
    status: text("status").$type<PendingStatus>().notNull().default("pending"),
    /** The signed-in uploader (an account or a token), who may see it while it waits. */
    uploaderUserId: text("uploader_user_id"),
    address: text("address"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
    decidedAt: timestamptz("decided_at"),
  },
  (t) => [
    uniqueIndex("pending_uploads_action_unique").on(t.actionHash),
    index("pending_uploads_email_idx").on(t.email, t.createdAt),
    index("pending_uploads_uploader_idx").on(t.uploaderUserId, t.createdAt),
    check("pending_uploads_reason_check", sql`${t.reason} in ('confirmation', 'new-key')`),
    check("pending_uploads_status_check", sql`${t.status} in ('pending', 'confirmed', 'aborted', 'abuse', 'expired', 'refused')`),
  ],
);

/**
 * Append-only: rows are inserted, never updated or deleted (a trigger in the migration refuses both).
 * `target_user_id` is whose line it is, so a user can be shown their own and nobody else's.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamptz("at").notNull().defaultNow(),
    action: text("action").$type<AuditAction>().notNull(),
    /** Who did it: an account, or null for a visitor or the system. */
    actorUserId: text("actor_user_id"),
    /** The actor's email or "system"/"visitor", kept even if the account goes. */
    actorLabel: text("actor_label").notNull(),
    /** The account the line concerns (the owner of the entry, token or email), for per-user views. */
    targetUserId: text("target_user_id"),
    /** What it is about: an entry key "identifier email created", a token id, a user email, ... */
    target: text("target"),
    address: text("address"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_action_at_idx").on(t.action, t.at),
    index("audit_log_actor_at_idx").on(t.actorUserId, t.at),
    index("audit_log_target_user_at_idx").on(t.targetUserId, t.at),
  ],
);

/**
 * The one persisted job queue, on both databases. A worker claims a job with
 * `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1)`, holds a lease it extends by
 * heartbeat, and a reaper requeues jobs whose lease expired. `unique_key` makes a scheduled job
 * (a daily reminder) exist once however many instances schedule it.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<JobStatus>().notNull().default("queued"),
    runAfter: timestamptz("run_after").notNull().defaultNow(),
    uniqueKey: text("unique_key"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(10),
    leaseUntil: timestamptz("lease_until"),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    uniqueIndex("jobs_unique_key_unique").on(t.uniqueKey),
    index("jobs_ready_idx")
      .on(t.runAfter, t.id)
      .where(sql`status = 'queued'`),
    index("jobs_lease_idx")
      .on(t.leaseUntil)
      .where(sql`status = 'running'`),
    check("jobs_status_check", sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
  ],
);

/** Every mail the Marketplace sends, kept after sending; a job per message delivers it (SMTP or an .eml file). */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    /** What the message is (verify-account, upload-confirmation, expiry-warning, ...), for the admin page. */
    kind: text("kind").notNull(),
    status: text("status").$type<OutboxStatus>().notNull().default("queued"),
    messageId: text("message_id"),
    /** The .eml file written without SMTP, relative to DATA_DIR/outbox. */
    file: text("file"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [
    index("outbox_created_idx").on(t.createdAt),
    index("outbox_to_idx").on(t.to, t.createdAt),
    check("outbox_status_check", sql`${t.status} in ('queued', 'sent', 'failed')`),
  ],
);

export type PendingUploadRow = typeof pendingUploads.$inferSelect;
export type AuditLogRow = typeof auditLog.$inferSelect;
export type NewAuditLogRow = typeof auditLog.$inferInsert;
export type JobRow = typeof jobs.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
