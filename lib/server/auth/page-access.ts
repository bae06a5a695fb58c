import "server-only";
/**
 * The role check of a page: a visitor is sent to sign in (and back here after), an account without
 * the role gets a 403 page (never a redirect, which would loop: it is signed in already). The page
 * renders `ForbiddenNotice` for `{ allowed: false }`; the status is set here.
 */
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { hasRole, type AccountRole } from "@/lib/accounts/roles";
import { setPageStatus } from "@/lib/process-hooks";
import { sessionActor, type UserActor } from "./actor";

export type PageAccess = { allowed: true; actor: UserActor } | { allowed: false; role: AccountRole; yours: AccountRole };

/** `/sign-in?next=<path>`: where a visitor goes, to come back to `path` signed in. */
export function signInPath(path: string): string {
  return `/sign-in?next=${encodeURIComponent(path)}`;
}

/** The signed-in account of an account page; a visitor is sent to sign in and back. */
export async function pageUser(path: string): Promise<UserActor> {
  await connection();
  const actor = await sessionActor();
  if (actor.kind !== "user") redirect(signInPath(path));
  return actor;
}

export async function pageAccess(role: AccountRole, path: string): Promise<PageAccess> {
  await connection();
  const actor = await sessionActor();
  if (actor.kind !== "user") redirect(signInPath(path));
  if (!hasRole(actor.user.role, role)) {
    setPageStatus(403);
    return { allowed: false, role, yours: actor.user.role };
  }
  return { allowed: true, actor };
}
