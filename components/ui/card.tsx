import type { ComponentProps, ElementType, ReactNode } from "react";
import { cn } from "./cn";

type CardElement = "div" | "section" | "article" | "ul" | "ol" | "p";

const CARD = "rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-700 dark:bg-slate-900";
const DASHED = "rounded-lg border border-dashed border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900";

/**
 * The white box on the page background. `as` picks the element (a section with its heading, a list
 * whose rows are the content); `className` adds padding and layout; `dashed` is the empty-state box.
 */
export function Card<E extends CardElement = "div">({
  as,
  dashed = false,
  className,
  ...props
}: { as?: E; dashed?: boolean; className?: string } & Omit<ComponentProps<E>, "className">) {
  const Element = (as ?? "div") as ElementType;
  return <Element className={cn(dashed ? DASHED : CARD, className)} {...props} />;
}

/** The heading bar of a card whose body is a table or padded sections: ruled off below. */
export function CardHeading({ className, ...props }: ComponentProps<"h2">) {
  return (
    <h2
      className={cn(
        "border-b border-slate-200 px-4 py-3 text-base font-semibold text-slate-900 sm:px-5 dark:border-slate-700 dark:text-slate-100",
        className,
      )}
      {...props}
    />
  );
}

/** "Nothing here" in place of a list or table. */
export function EmptyNotice({ children }: { children: ReactNode }) {
  return (
    <Card as="p" dashed className="px-6 py-10 text-center text-sm text-slate-600 dark:text-slate-400">
      {children}
    </Card>
  );
}
