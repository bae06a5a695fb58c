import "server-only";
/**
 * Changes to an account by its owner or the sign-in flows: proving the sign-in email, a new password
 * (which ends every session: the session version is bumped in the same statement), the profile and
 * the notification settings. Who may change which account is the caller's check (the account's own
 * session, or a mailed link to it).
 */
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "./users";
import { users, type UserRow } from "./schema";
import { withDb } from "./with-db";

export async function markEmailVerified(userId: string): Promise<void> {
  await withDb("verifying an account", async (db) => {
    await db
      .update(users)
      .set({ emailVerified: sql`coalesce(${users.emailVerified}, now())` })
      .where(eq(users.id, userId));
  });
}

/** Sets a new password and signs the account out everywhere. */
export async function setPassword(userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await withDb("changing a password", async (db) => {
    await db
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
  });
}

export interface ProfileChange {
  name?: string | null;
  notifyExpiry?: boolean;
  notifyEndorsement?: boolean;
  notifyCertificate?: boolean;
  notifyIntegrity?: boolean;
}

export async function updateProfile(userId: string, change: ProfileChange): Promise<UserRow | null> {
  return withDb("saving an account's settings", async (db) => {
    const [row] = await db.update(users).set(change).where(eq(users.id, userId)).returning();
    return row ?? null;
  });
}
