"use client";

import type { MouseEvent, ReactNode } from "react";
import { ChevronLeftIcon, ChevronRightIcon } from "@/components/ui/icons";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { visiblePages } from "./pager-pages";

/**
 * Real links (shareable, usable without JavaScript); a plain click switches the page in place.
 */
export function Pager({
  page,
  pageCount,
  hrefFor,
  onPage,
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  onPage: (page: number) => void;
}) {
  if (pageCount <= 1) return null;

  function follow(target: number) {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      onPage(target);
    };
  }

  const item = (target: number, content: ReactNode, label: string, current = false) => (
    <a
      href={hrefFor(target)}
      onClick={follow(target)}
      aria-label={label}
      aria-current={current ? "page" : undefined}
      className={`inline-flex h-9 min-w-9 items-center justify-center rounded-md px-2 text-sm font-medium focus-visible:outline-offset-1 ${FOCUS_RING} ${
        current ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      }`}
    >
      {content}
    </a>
  );

  const disabled = (content: ReactNode) => (
    <span aria-hidden="true" className="inline-flex h-9 min-w-9 items-center justify-center px-2 text-slate-300">
      {content}
    </span>
  );

  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-2 sm:justify-center">
      {page > 1 ? item(page - 1, <ChevronLeftIcon />, "Previous page") : disabled(<ChevronLeftIcon />)}
      <ul className="hidden items-center gap-1 sm:flex">
        {visiblePages(page, pageCount).map((entry, index) => (
          <li key={entry === "gap" ? `gap-${index}` : entry}>
            {entry === "gap" ? (
              <span className="px-1 text-slate-400 dark:text-slate-500">…</span>
            ) : (
              item(entry, entry, `Page ${entry}`, entry === page)
            )}
          </li>
        ))}
      </ul>
      <span className="text-sm text-slate-600 sm:hidden dark:text-slate-400">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? item(page + 1, <ChevronRightIcon />, "Next page") : disabled(<ChevronRightIcon />)}
    </nav>
  );
}
