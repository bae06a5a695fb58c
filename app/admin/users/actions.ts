"use server";
/** The users page's role change: re-checks that the caller is an admin, whoever posts it. */
import { z } from "zod";
import { ACCOUNT_ROLES } from "@/lib/accounts/roles";
import { AppError } from "@/lib/errors";
import { changeRoleAs } from "@/lib/server/admin/use-cases";
import { actionAddress, runAction, type ActionState } from "@/lib/server/auth/action-result";
import { requireRole, sessionActor } from "@/lib/server/auth/actor";

const roleForm = z.object({ userId: z.string().min(1).max(200), role: z.enum(ACCOUNT_ROLES) });

export async function changeRoleAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = requireRole(await sessionActor(), "admin");
    const parsed = roleForm.safeParse({ userId: form.get("userId"), role: form.get("role") });
    if (!parsed.success) throw new AppError("bad_request", `choose one of the roles: ${ACCOUNT_ROLES.join(", ")}`);
    const change = await changeRoleAs(actor, parsed.data.userId, parsed.data.role, await actionAddress());
    return change.changed
      ? `${change.email} is now ${change.to} (signed out of every session)`
      : `${change.email} already was ${change.to}`;
  });
}
