import "server-only";
/**
 * Who is asking: a visitor, or an account signed in with a session cookie (next-auth, ./session.ts)
 * or an `Authorization: Bearer` API token. Every handler and action that needs an account calls
 * `requireActor` (or one of its narrower forms) itself; proxy.ts decides nothing.
 */
import { userForToken } from "@/db/api-tokens";
import { getUserById, type UserRow } from "@/db/users";
import { hasRole, type AccountRole } from "@/lib/accounts/roles";
import { AppError } from "@/lib/errors";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { sessionUserId } from "./session";

export type Actor = { kind: "visitor" } | { kind: "user"; user: UserRow; via: "session" | "token"; tokenId?: string };

export type UserActor = Extract<Actor, { kind: "user" }>;

/** The actor of a request: a Bearer token wins over a cookie (scripts send one, browsers the other). */
export async function actorOf(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AppError("unauthorized", "the Authorization header must be `Bearer <token>`");
    const { user, tokenId } = await userForToken(match[1]!);
    return { kind: "user", user, via: "token", tokenId };
  }
  return sessionActor();
}

/** The actor of a page or server action: the session cookie only (no Authorization header there). */
export async function sessionActor(): Promise<Actor> {
  const userId = await sessionUserId();
  if (!userId) return { kind: "visitor" };
  const user = await getUserById(userId);
  if (!user || user.disabledAt) return { kind: "visitor" };
  return { kind: "user", user, via: "session" };
}

/** The signed-in account, or a 401 saying how to sign in. */
export function requireUser(actor: Actor): UserActor {
  if (actor.kind !== "user") throw new AppError("unauthorized", "sign in first (or send an API token: Authorization: Bearer <token>)");
  return actor;
}

/** The signed-in account with at least this role, else 401 (not signed in) or 403 (signed in, not allowed). */
export function requireRole(actor: Actor, role: AccountRole): UserActor {
  const user = requireUser(actor);
  if (!hasRole(user.user.role, role)) throw new AppError("forbidden", `this needs the ${role} role; your account is a ${user.user.role}`);
  return user;
}

/**
 * The signed-in user of a JSON API request (a session or an API token), or 401. A write riding on
 * the session cookie passes the cross-site check first: a bearer token cannot be sent by another site.
 */
export async function signedInUser(request: Request, { changes }: { changes: boolean }): Promise<UserActor> {
  if (changes && request.headers.get("authorization") === null) assertNotCrossSite(request);
  return requireUser(await actorOf(request));
}
