/**
 * Who may do what, as plain data shared by the data layer, the handlers, the pages and the browser.
 *
 * Stored roles are user < moderator < admin. "endorser" is not stored: an account is the endorser of
 * every endorser email it owns verified (user_emails), and only for those. A visitor has no account.
 */
export const ACCOUNT_ROLES = ["user", "moderator", "admin"] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

const RANK: Record<AccountRole, number> = { user: 0, moderator: 1, admin: 2 };

/** Whether `role` is at least `needed`: an admin may do what a moderator may. */
export function hasRole(role: AccountRole, needed: AccountRole): boolean {
  return RANK[role] >= RANK[needed];
}

export const EMAIL_LINK_PURPOSES = ["verify-account", "reset-password", "verify-endorser-email"] as const;
export type EmailLinkPurpose = (typeof EMAIL_LINK_PURPOSES)[number];

/** Why an upload waits for its endorser email's confirmation. */
export const PENDING_REASONS = ["confirmation", "new-key"] as const;
export type PendingReason = (typeof PENDING_REASONS)[number];

export const PENDING_STATUSES = ["pending", "confirmed", "aborted", "abuse", "expired", "refused"] as const;
export type PendingStatus = (typeof PENDING_STATUSES)[number];

export const JOB_STATUSES = ["queued", "running", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const OUTBOX_STATUSES = ["queued", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Everything the audit log records. */
export const AUDIT_ACTIONS = [
  "upload",
  "upload-pending",
  "upload-confirmed",
  "upload-aborted",
  "upload-expired",
  "abuse-report",
  "entry-hidden",
  "entry-shown",
  "role-changed",
  "token-created",
  "token-revoked",
  "sign-in",
  "sign-in-failed",
  "sign-up",
  "account-verified",
  "password-reset",
  "password-changed",
  "signed-out-everywhere",
  "endorser-email-added",
  "endorser-email-verified",
  "certificate-linked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
