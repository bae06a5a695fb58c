import "server-only";
/**
 * Accounts: creation, lookup and password checks. Emails are compared lowercased (stored so). The
 * password hash is argon2id with the library's defaults (OWASP's m=19 MiB, t=2, p=1).
 */
import { hash, verify } from "@node-rs/argon2";
import { eq, sql } from "drizzle-orm";
import type { AccountRole } from "@/lib/accounts/roles";
import { AppError } from "@/lib/errors";
import { users, type UserRow } from "./schema";
import { withDb } from "./with-db";

export type { UserRow } from "./schema";

/** A hash computed once, verified against when no account has the email, so both paths cost the same. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewUser {
  email: string;
  password?: string;
  name?: string;
  role?: AccountRole;
  /** The sign-in email is already proven (an OIDC provider, the ADMIN_EMAIL of the operator). */
  verified?: boolean;
  demo?: boolean;
}

/** Creates an account; a taken email is a 409 conflict. */
export async function createUser(input: NewUser): Promise<UserRow> {
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return withDb("creating an account", async (db) => {
    const [row] = await db
      .insert(users)
      .values({
        email: normalEmail(input.email),
        name: input.name ?? null,
        passwordHash,
        role: input.role ?? "user",
        emailVerified: input.verified ? new Date() : null,
        demo: input.demo ?? false,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError("conflict", "an account with this email already exists: sign in, or reset its password");
    return row;
  });
}

export async function getUserById(id: string): Promise<UserRow | null> {
  return withDb("reading an account", async (db) => (await db.select().from(users).where(eq(users.id, id)).limit(1))[0] ?? null);
}

export async function getUserByEmail(email: string): Promise<UserRow | null> {
  return withDb(
    "reading an account",
    async (db) =>
      (
        await db
          .select()
          .from(users)
          .where(eq(users.email, normalEmail(email)))
          .limit(1)
      )[0] ?? null,
  );
}

/**
 * The account whose email and password these are, or null. Takes the same time whether or not the
 * account exists (a dummy verification), so the answer does not tell which emails have accounts.
 * A disabled account never matches.
 */
export async function checkPassword(email: string, password: string): Promise<UserRow | null> {
  const user = await getUserByEmail(email);
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword("not a password of anyone");
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const ok = await verify(user.passwordHash, password).catch(() => false);
  return ok && !user.disabledAt ? user : null;
}

/** Makes every existing session of the account stop working (checked on each request). */
export async function bumpSessionVersion(userId: string): Promise<void> {
  await withDb("signing an account out", async (db) => {
    await db
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
  });
}
