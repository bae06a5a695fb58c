import "server-only";
/**
 * The signed-in account of the current request's session cookie, or null: the JWT must be valid and
 * unexpired (next-auth, ./config.ts), and on every call the account must exist, not be disabled, and
 * still have the session version the token was issued with (a password change, role change or "sign
 * out everywhere" bumps it, ending every older session).
 */
import { getUserById } from "@/db/users";
import { auth } from "./config";

export async function sessionUserId(): Promise<string | null> {
  const session = await auth().catch(() => null);
  const userId = session?.accountId;
  if (!userId || session.accountVersion === undefined) return null;
  const user = await getUserById(userId);
  if (!user || user.disabledAt || user.sessionVersion !== session.accountVersion) return null;
  return user.id;
}
