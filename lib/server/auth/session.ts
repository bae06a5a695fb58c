import "server-only";
/**
 * The signed-in account of the current request's session cookie, or null. Implemented with
 * next-auth (./config.ts) by the sign-in work: it must check the session version on every call.
 */
export async function sessionUserId(): Promise<string | null> {
  return null;
}
