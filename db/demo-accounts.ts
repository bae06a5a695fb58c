import "server-only";
/**
 * The demo accounts (only with demo data on): created when missing, marked users.demo, their emails
 * verified; the endorser one owns the demo endorser email, verified, so it is that email's endorser.
 */
import { userEmails, users } from "./schema";
import type { AccountRole } from "@/lib/accounts/roles";
import { hashPassword, normalEmail } from "./users";
import { withDb } from "./with-db";

export interface DemoAccount {
  email: string;
  name: string;
  role: AccountRole;
  /** An endorser email this account owns, verified. */
  endorserEmail?: string;
}

/** Creates the accounts that do not exist yet; returns how many were created. */
export async function ensureDemoAccounts(accounts: DemoAccount[], password: string): Promise<number> {
  const passwordHash = await hashPassword(password);
  return withDb("creating the demo accounts", async (db) =>
    db.transaction(async (tx) => {
      let created = 0;
      for (const account of accounts) {
        const [row] = await tx
          .insert(users)
          .values({
            email: normalEmail(account.email),
            name: account.name,
            role: account.role,
            passwordHash,
            emailVerified: new Date(),
            demo: true,
          })
          .onConflictDoNothing()
          .returning({ id: users.id });
        if (!row) continue;
        created += 1;
        if (account.endorserEmail)
          await tx
            .insert(userEmails)
            .values({ userId: row.id, email: normalEmail(account.endorserEmail), verifiedAt: new Date() })
            .onConflictDoNothing();
      }
      return created;
    }),
  );
}
