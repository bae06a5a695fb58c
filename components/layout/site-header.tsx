import Link from "next/link";
import { LogoMark } from "@/components/ui/icons";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { NavLink } from "./nav-link";

/** Who is signed in, as the header shows it (plain data from the layout). */
export interface HeaderAccount {
  label: string;
  /** Moderators and admins see the Admin link. */
  staff: boolean;
  demo: boolean;
}

export function SiteHeader({ account = null, signOut }: { account?: HeaderAccount | null; signOut?: () => Promise<void> }) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:shadow focus:outline-2 focus:outline-indigo-600 dark:focus:bg-slate-900 dark:focus:outline-indigo-400"
      >
        Skip to content
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link
          href="/metadata"
          className={`flex items-center gap-2 rounded-md text-slate-900 focus-visible:outline-offset-4 dark:text-slate-100 ${FOCUS_RING}`}
        >
          <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white">
            <LogoMark className="size-5" />
          </span>
          <span className="text-base font-semibold tracking-tight">Appliance Marketplace</span>
        </Link>
        <nav aria-label="Main">
          <ul className="flex flex-wrap items-center gap-1">
            <li>
              <NavLink href="/metadata" matches={["/tag"]}>
                Appliances
              </NavLink>
            </li>
            <li>
              <NavLink href="/endorsers">Endorsers</NavLink>
            </li>
            <li>
              <NavLink href="/create">Create</NavLink>
            </li>
            <li>
              <NavLink href="/upload">Upload</NavLink>
            </li>
            <li>
              <NavLink href="/guide">Guide</NavLink>
            </li>
            {account?.staff ? (
              <li>
                <NavLink href="/admin">Admin</NavLink>
              </li>
            ) : null}
            {account ? (
              <>
                <li className="min-w-0">
                  <NavLink href="/account">
                    <span className="sr-only">Your account: </span>
                    <span className="inline-block max-w-[9rem] truncate align-bottom sm:max-w-[14rem]">{account.label}</span>
                    {account.demo ? <span className="ml-1 text-xs text-amber-700 dark:text-amber-300">(demo)</span> : null}
                  </NavLink>
                </li>
                {signOut ? (
                  <li>
                    <form action={signOut}>
                      <button
                        type="submit"
                        className={`block rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-offset-2 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100 ${FOCUS_RING}`}
                      >
                        Sign out
                      </button>
                    </form>
                  </li>
                ) : null}
              </>
            ) : (
              <li>
                <NavLink href="/sign-in" matches={["/sign-up", "/reset"]}>
                  Sign in
                </NavLink>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}
