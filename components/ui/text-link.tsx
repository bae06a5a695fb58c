import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";
import { FOCUS_RING } from "./focus-ring";

export type TextLinkUnderline = "hover" | "always";

interface TextLinkStyle {
  /** "hover": links in running text and lists; "always": links among values (locations, identifiers) that must read as links. */
  underline?: TextLinkUnderline;
  /** Type and wrapping only (font-mono, wrap-anywhere, font-medium...): the colour is the link's. */
  className?: string;
}

const UNDERLINES: Record<TextLinkUnderline, string> = {
  hover: "hover:underline",
  always: "underline hover:text-indigo-900 dark:hover:text-indigo-100",
};

/** The classes of a text link, for a plain `<a>` (a download, or a document Next must not route). */
export function textLinkClass({ underline = "hover", className }: TextLinkStyle = {}): string {
  return cn("rounded text-indigo-700 underline-offset-2 dark:text-indigo-300", UNDERLINES[underline], FOCUS_RING, className);
}

/** A Next `<Link>` in text. */
export function TextLink({ underline, className, ...props }: ComponentProps<typeof Link> & TextLinkStyle) {
  return <Link className={textLinkClass({ underline, className })} {...props} />;
}
