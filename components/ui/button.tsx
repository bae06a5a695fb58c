import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";
import { FOCUS_RING } from "./focus-ring";

export type ButtonVariant = "primary" | "secondary";
export type ButtonSize = "md" | "sm" | "xs";

interface ButtonStyle {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Layout only (margin, width, grid placement, responsive display): the look is the variant's. */
  className?: string;
}

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-500",
  // A ring, not a border: the same box as a primary button beside it.
  secondary:
    "bg-white text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-600 dark:hover:bg-slate-800",
};

const SIZES: Record<ButtonSize, string> = { md: "px-4 py-2", sm: "px-3 py-2", xs: "px-3 py-1.5" };

/** The classes of a button, for an element that is neither a `<button>` nor a Next `<Link>` (a download `<a>`). */
export function buttonClass({ variant = "primary", size = "md", className }: ButtonStyle = {}): string {
  return cn(
    "inline-flex items-center justify-center gap-2 rounded-md text-sm font-semibold shadow-xs focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60",
    FOCUS_RING,
    VARIANTS[variant],
    SIZES[size],
    className,
  );
}

/** A `<button>` (type "button" unless said otherwise). */
export function Button({ variant, size, className, type = "button", ...props }: ComponentProps<"button"> & ButtonStyle) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...props} />;
}

/** A Next `<Link>` that looks like a button: navigation, not an action. */
export function ButtonLink({ variant, size, className, ...props }: ComponentProps<typeof Link> & ButtonStyle) {
  return <Link className={buttonClass({ variant, size, className })} {...props} />;
}
