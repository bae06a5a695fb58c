import "server-only";
/**
 * The admins' view of accounts: the list with roles and endorser emails, and role changes. A role
 * change bumps the account's session version (its sessions stop) and writes its audit line in the
 * same transaction; the last admin cannot be demoted (409).
 */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { AccountRole } from "@/lib/accounts/roles";
import { AppError } from "@/lib/errors";
import { userEmails, users } from "./schema";
import { recordAudit } from "./audit";
import { withDb } from "./with-db";

export interface UserListItem {
  id: string;
  email: string;
  name: string | null;
  role: AccountRole;
  verified: boolean;
  demo: boolean;
  disabled: boolean;
  createdAt: string;
  endorserEmails: Array<{ email: string; verified: boolean }>;
}

export const MAX_USER_LIST = 1_000;

export async function listUsers(limit = MAX_USER_LIST): Promise<UserListItem[]> {
  return withDb("listing accounts", async (db) => {
    const rows = await db
      .select()
      .from(users)
      .orderBy(asc(users.createdAt), asc(users.email))
      .limit(Math.min(Math.max(limit, 1), MAX_USER_LIST));
    const ids = rows.map((row) => row.id);
    const emails =
      ids.length === 0 ? [] : await db.select().from(userEmails).where(inArray(userEmails.userId, ids)).orderBy(asc(userEmails.email));
    const byUser = new Map<string, UserListItem["endorserEmails"]>();
    for (const row of emails) {
      const list = byUser.get(row.userId) ?? [];
      list.push({ email: row.email, verified: row.verifiedAt !== null });
      byUser.set(row.userId, list);
    }
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      verified: row.emailVerified !== null,
      demo: row.demo,
      disabled: row.disabledAt !== null,
      createdAt: row.createdAt.toISOString(),
      endorserEmails: byUser.get(row.id) ?? [],
    }));
  });
}

export interface RoleChange {
  userId: string;
  email: string;
  from: AccountRole;
  to: AccountRole;
  changed: boolean;
}

/**
 * Sets the role. The admins are locked (FOR UPDATE) first, so two admins demoting each other at once
 * cannot leave none.
 */
export async function setUserRole(
  targetId: string,
  role: AccountRole,
  admin: { userId: string; email: string },
  address?: string | null,
): Promise<RoleChange> {
  return withDb("changing a role", (db) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select id from users where role = 'admin' for update`);
      const [target] = await tx.select().from(users).where(eq(users.id, targetId)).limit(1).for("update");
      if (!target) throw new AppError("not_found", "no such account");
      if (target.role === role) return { userId: target.id, email: target.email, from: target.role, to: role, changed: false };
      if (target.role === "admin") {
        const [row] = await tx
          .select({ n: count() })
          .from(users)
          .where(and(eq(users.role, "admin"), sql`${users.disabledAt} is null`));
        if ((row?.n ?? 0) <= 1) throw new AppError("conflict", "this is the last admin: make another account admin first");
      }
      await tx
        .update(users)
        .set({ role, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, target.id));
      await recordAudit(
        {
          action: "role-changed",
          actor: admin,
          targetUserId: target.id,
          target: target.email,
          address,
          details: { from: target.role, to: role },
        },
        tx,
      );
      return { userId: target.id, email: target.email, from: target.role, to: role, changed: true };
    }),
  );
}
