"use client";

import { useEffect, useState } from "react";
import { SearchIcon } from "@/components/ui/icons";

const DEBOUNCE_MS = 250;

/** Free-text search, applied 250 ms after typing stops (as the original) or at once on Enter. */
export function SearchBox({ value, onSearch, form }: { value: string; onSearch: (text: string) => void; form: string }) {
  const [text, setText] = useState(value);
  const [applied, setApplied] = useState(value);

  // Resetting the filters elsewhere clears the box too.
  if (value !== applied) {
    setApplied(value);
    if (value !== text.trim()) setText(value);
  }

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === applied) return;
    const timer = setTimeout(() => onSearch(trimmed), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, applied, onSearch]);

  return (
    <div role="search" className="relative flex-1">
      <label htmlFor="listing-search" className="sr-only">
        Search appliances
      </label>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400 dark:text-slate-500" />
      <input
        id="listing-search"
        type="search"
        name="q"
        form={form}
        value={text}
        placeholder="Search..."
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            onSearch(text.trim());
          }
        }}
        className="block w-full rounded-md border border-slate-300 bg-white py-2 pr-3 pl-9 text-sm text-slate-900 shadow-xs placeholder:text-slate-500 focus:border-indigo-600 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400"
      />
    </div>
  );
}
