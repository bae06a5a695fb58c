import type { ReactNode } from "react";

export type BadgeTone = "green" | "amber" | "red" | "slate" | "blue";

const TONES: Record<BadgeTone, string> = {
  green: "bg-emerald-50 dark:bg-emerald-950/60 text-emerald-800 dark:text-emerald-200 ring-emerald-600/25 dark:ring-emerald-400/30",
  amber: "bg-amber-50 dark:bg-amber-950/60 text-amber-900 dark:text-amber-100 ring-amber-600/30 dark:ring-amber-400/30",
  red: "bg-red-50 dark:bg-red-950/60 text-red-800 dark:text-red-200 ring-red-600/25 dark:ring-red-400/30",
  slate: "bg-slate-100 dark:bg-slate-800 text-slate-700 dark:text-slate-300 ring-slate-500/25 dark:ring-slate-400/30",
  blue: "bg-sky-50 dark:bg-sky-950/60 text-sky-800 dark:text-sky-200 ring-sky-600/25 dark:ring-sky-400/30",
};

/** A small pill: icon plus words, so meaning never rests on colour alone. */
export function Badge({ tone, icon, children, title }: { tone: BadgeTone; icon?: ReactNode; children: ReactNode; title?: string }) {
  return (
    <span
      title={title}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone]}`}
    >
      {icon}
      {children}
    </span>
  );
}
