import Link from "next/link";
import { FOCUS_RING } from "@/components/ui/focus-ring";

export type AdminSection = "overview" | "users" | "audit" | "outbox" | "abuse";

const SECTIONS: Array<{ id: AdminSection; href: string; label: string; admin: boolean }> = [
  { id: "overview", href: "/admin", label: "Overview", admin: false },
  { id: "users", href: "/admin/users", label: "Users", admin: true },
  { id: "audit", href: "/admin/audit", label: "Audit log", admin: true },
  { id: "outbox", href: "/admin/outbox", label: "Outbox", admin: true },
  { id: "abuse", href: "/admin/abuse", label: "Abuse reports", admin: false },
];

/** The tabs of the admin pages; a moderator sees the ones open to moderators. */
export function AdminNav({ current, admin }: { current: AdminSection; admin: boolean }) {
  return (
    <nav aria-label="Administration" className="-mx-4 mb-6 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-700">
        {SECTIONS.filter((section) => admin || !section.admin).map((section) => (
          <li key={section.id}>
            <Link
              href={section.href}
              aria-current={section.id === current ? "page" : undefined}
              className={`-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${FOCUS_RING} ${
                section.id === current
                  ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                  : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
              }`}
            >
              {section.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
