import "server-only";
/**
 * Accounts made at start: the first admin from ADMIN_EMAIL + ADMIN_PASSWORD (created once when no
 * account has that email, never overwritten: a changed ADMIN_PASSWORD later changes nothing), and,
 * with demo data on, the demo accounts with the documented demo password.
 */
import { createUser, ensureDemoAccounts, getUserByEmail, recordAudit, type DemoAccount } from "@/db";
import { DEMO_ENDORSERS } from "@/lib/demo/appliances";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/** The password of every demo account (documented in the README; only with demo data on). */
export const DEMO_PASSWORD = "demo-marketplace";

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: "demo-admin@demo.example.org", name: "Demo Admin", role: "admin" },
  { email: "demo-moderator@demo.example.org", name: "Demo Moderator", role: "moderator" },
  { email: "demo-endorser@demo.example.org", name: "Alice Martin (demo)", role: "user", endorserEmail: DEMO_ENDORSERS.alice.email },
];

export async function ensureFirstAdmin(): Promise<void> {
  if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) return;
  const existing = await getUserByEmail(env.ADMIN_EMAIL);
  if (existing) {
    logger.info("ADMIN_EMAIL has an account already: ADMIN_PASSWORD is not applied (the first admin is created once, never overwritten)", {
      email: existing.email,
      role: existing.role,
    });
    return;
  }
  try {
    const admin = await createUser({
      email: env.ADMIN_EMAIL,
      password: env.ADMIN_PASSWORD,
      role: "admin",
      verified: true,
      name: "Administrator",
    });
    await recordAudit({
      action: "sign-up",
      actor: "system",
      targetUserId: admin.id,
      target: admin.email,
      details: { firstAdmin: true, role: "admin" },
    });
    logger.info("created the first admin account from ADMIN_EMAIL", { email: admin.email });
  } catch (error) {
    if (!(error instanceof AppError && error.code === "conflict")) throw error;
  }
}

export async function ensureDemoAccountsIfDemo(): Promise<void> {
  if (env.DEMO_DATA !== "on") return;
  const created = await ensureDemoAccounts(DEMO_ACCOUNTS, DEMO_PASSWORD);
  if (created > 0)
    logger.info("demo accounts added", {
      accounts: DEMO_ACCOUNTS.map((account) => account.email),
      password: "see the README (demo accounts)",
    });
}
