import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";

/** A reset link that is unknown, used or expired (404: the page answers the same for all three). */
export default async function ResetLinkNotFound() {
  await connection();
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">This link does not work anymore</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        A password reset link works once, for one hour. This one has been used, has expired, or was not copied whole. Ask for a new one.
      </p>
      <ButtonLink href="/reset" className="mt-6">
        Ask for a new link
      </ButtonLink>
    </div>
  );
}
