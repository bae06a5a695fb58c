"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { ActionMessage } from "@/components/ui/action-message";

type State = { ok: boolean; message: string } | undefined;
const ROLES = ["user", "moderator", "admin"] as const;

/** One account's role, changed with the page's server action (which checks the admin role itself). */
export function RoleForm({
  userId,
  email,
  role,
  action,
}: {
  userId: string;
  email: string;
  role: string;
  action: (previous: State, form: FormData) => Promise<State>;
}) {
  const [state, submit, pending] = useActionState(action, undefined);
  const [chosen, setChosen] = useState(role);
  return (
    <form action={submit} className="space-y-1">
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role of {email}
        </label>
        <select
          id={`role-${userId}`}
          name="role"
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
          className="rounded-md border border-slate-300 bg-white py-1 pr-7 pl-2 text-sm text-slate-900 shadow-xs focus:border-indigo-600 focus:outline-2 focus:outline-indigo-600/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
        >
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
        <Button type="submit" size="xs" variant="secondary" disabled={pending || chosen === role}>
          {pending ? "Saving…" : "Change"}
        </Button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
