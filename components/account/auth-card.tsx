import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

/** The narrow centred card of the sign-in, sign-up and reset pages. */
export function AuthCard({
  title,
  intro,
  children,
  footer,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md py-2 sm:py-8">
      <h1 className="text-xl font-semibold tracking-tight text-slate-900 sm:text-3xl dark:text-slate-100">{title}</h1>
      {intro ? <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{intro}</div> : null}
      <Card className="mt-6 p-4 sm:p-6">{children}</Card>
      {footer ? <div className="mt-4 space-y-1 text-sm text-slate-600 dark:text-slate-400">{footer}</div> : null}
    </div>
  );
}

/** A notice above a form: what just happened (verified, password changed, signed out). */
export function Notice({ tone = "green", children }: { tone?: "green" | "amber"; children: ReactNode }) {
  const tones = {
    green: "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-400/30",
    amber: "bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-400/30",
  };
  return (
    <p role="status" className={`mb-4 rounded-md p-3 text-sm ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </p>
  );
}
