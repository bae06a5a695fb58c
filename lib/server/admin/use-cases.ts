import "server-only";
/**
 * What moderators, admins and endorsers do beyond uploading, shared by the JSON API's handlers and
 * the pages' server actions: each checks the actor itself (401 not signed in, 403 wrong role or not
 * the endorser), whoever calls it.
 */
import {
  entryHidden,
  getEntryXml,
  hideEntry,
  hiddenError,
  listAudit,
  ownsEndorserEmail,
  setUserRole,
  showEntry,
  type AuditLine,
  type HiddenState,
  type RoleChange,
} from "@/db";
import { AUDIT_CSV_MAX, AUDIT_PAGE_MAX, type AuditQuery } from "@/lib/accounts/admin-schemas";
import type { AccountRole } from "@/lib/accounts/roles";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { toCsv } from "@/lib/http/csv";
import { prepareRevision, revisionFileName, type Revision } from "@/lib/metadata/revise";
import { requireRole, requireUser, type Actor } from "../auth/actor";

function who(actor: Actor, role: AccountRole) {
  const { user } = requireRole(actor, role);
  return { userId: user.id, email: user.email };
}

export async function hideEntryAs(actor: Actor, key: EntryKey, reason: string, address?: string | null): Promise<HiddenState> {
  return hideEntry(key, reason, who(actor, "moderator"), address);
}

export async function showEntryAs(actor: Actor, key: EntryKey, address?: string | null): Promise<void> {
  await showEntry(key, who(actor, "moderator"), address);
}

export async function changeRoleAs(actor: Actor, userId: string, role: AccountRole, address?: string | null): Promise<RoleChange> {
  return setUserRole(userId, role, who(actor, "admin"), address);
}

/** A date alone (yyyy-MM-dd) as `until` means the end of that day. */
function endOfDay(value: Date | undefined, raw: string | undefined): Date | undefined {
  if (!value || raw === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) return value;
  return new Date(value.getTime() + 24 * 60 * 60 * 1000 - 1);
}

export async function auditLinesAs(
  actor: Actor,
  query: AuditQuery,
  options: { csv: boolean; rawUntil?: string },
): Promise<{ items: AuditLine[]; nextBefore?: number }> {
  requireRole(actor, "admin");
  const max = options.csv ? AUDIT_CSV_MAX : AUDIT_PAGE_MAX;
  const limit = Math.min(query.limit ?? (options.csv ? AUDIT_CSV_MAX : 100), max);
  const items = await listAudit({
    action: query.action,
    actor: query.actor,
    since: query.since,
    until: endOfDay(query.until, options.rawUntil),
    before: query.before,
    limit,
  });
  const last = items[items.length - 1];
  return items.length === limit && last ? { items, nextBefore: last.id } : { items };
}

export const AUDIT_CSV_HEADER = ["id", "at", "action", "actor", "actor_user_id", "target_user_id", "target", "address", "details"];

export function auditCsv(lines: AuditLine[]): string {
  return toCsv(
    AUDIT_CSV_HEADER,
    lines.map((line) => [
      line.id,
      line.at,
      line.action,
      line.actor,
      line.actorUserId,
      line.targetUserId,
      line.target,
      line.address,
      JSON.stringify(line.details),
    ]),
  );
}

/** Whether the actor may deprecate or revalidate the entries of `email`: its verified owner. */
export async function mayRevise(actor: Actor, email: string): Promise<boolean> {
  if (actor.kind !== "user") return false;
  return ownsEndorserEmail(actor.user.id, email);
}

/** 401 for a visitor, 403 for an account that does not own `email` verified. */
export async function requireEndorserOf(actor: Actor, email: string): Promise<void> {
  const { user } = requireUser(actor);
  if (!(await ownsEndorserEmail(user.id, email)))
    throw new AppError(
      "forbidden",
      `only the endorser of ${email} (an account that verified this email) can deprecate or extend its entries`,
    );
}

/**
 * The unsigned next version of an entry, for its endorser to sign: 401 for a visitor, 403 for anyone
 * but the owner of the entry's verified endorser email, 410 for a hidden entry.
 */
export async function revisionAs(
  actor: Actor,
  key: EntryKey,
  revision: Revision,
  now: Date = new Date(),
): Promise<{ xml: string; fileName: string }> {
  await requireEndorserOf(actor, key.email);
  const hidden = await entryHidden(key);
  if (hidden) throw hiddenError(hidden);
  const xml = await getEntryXml(key);
  if (!xml) throw new AppError("not_found", "no such metadata entry");
  return { xml: prepareRevision(xml, revision, now), fileName: revisionFileName(key.identifier, revision) };
}
