import "server-only";
/**
 * Who is the endorser of an email: the one account that owns it verified (user_emails). What the
 * entry page's deprecation and validity controls, and their action, check.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import { userEmails } from "./schema";
import { normalEmail } from "./users";
import { withDb } from "./with-db";

export async function ownsEndorserEmail(userId: string, email: string): Promise<boolean> {
  return withDb("checking an endorser email", async (db) => {
    const [row] = await db
      .select({ email: userEmails.email })
      .from(userEmails)
      .where(and(eq(userEmails.userId, userId), eq(userEmails.email, normalEmail(email)), isNotNull(userEmails.verifiedAt)))
      .limit(1);
    return row !== undefined;
  });
}
