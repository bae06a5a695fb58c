import type { ReactNode } from "react";

export type BadgeTone = "green" | "amber" | "red" | "slate" | "blue";

const TONES: Record<BadgeTone, string> = {
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/25",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/30",
  red: "bg-red-50 text-red-800 ring-red-600/25",
  slate: "bg-slate-100 text-slate-700 ring-slate-500/25",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/25",
};

/** A small pill: icon plus words, so meaning never rests on colour alone. */
export function Badge({ tone, icon, children, title }: { tone: BadgeTone; icon?: ReactNode; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone]}`}>
      {icon}
      {children}
    </span>
  );
}
