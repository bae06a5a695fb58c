"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { FOCUS_RING } from "@/components/ui/focus-ring";

/** A header link marked current for its own path and every page below it. */
export function NavLink({ href, children, matches = [] }: { href: string; children: ReactNode; matches?: string[] }) {
  const pathname = usePathname();
  const active = [href, ...matches].some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`relative block rounded-md px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-offset-2 ${FOCUS_RING} ${
        active
          ? "bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200"
          : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100"
      }`}
    >
      {children}
      <PendingBar />
    </Link>
  );
}

/** Pages are rendered on the server without a loading skeleton, so the link itself shows the wait. */
function PendingBar() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span
      aria-hidden="true"
      className="absolute inset-x-3 bottom-0.5 h-0.5 animate-pulse rounded bg-indigo-500 motion-reduce:animate-none"
    />
  ) : null;
}
