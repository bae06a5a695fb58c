import Link from "next/link";
import { tagPath } from "@/lib/entries/entry-urls";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { EmptyNotice } from "@/components/ui/card";

/** An endorser's tags (dcterms:alternative), each opening the newest entry that carries it. */
export function TagList({ email, tags: all }: { email: string; tags: string[] }) {
  // An empty dcterms:alternative is no tag: /tag/{email}/ could never resolve it.
  const tags = all.filter((tag) => tag.trim() !== "");
  if (tags.length === 0) {
    return <EmptyNotice>This endorser has no tagged entries.</EmptyNotice>;
  }
  return (
    <ul className="flex flex-wrap gap-2">
      {[...tags]
        .sort((a, b) => a.localeCompare(b))
        .map((tag) => (
          <li key={tag}>
            <Link
              href={tagPath(email, tag)}
              className={`inline-flex items-center rounded-full bg-white px-3 py-1.5 font-mono text-sm text-indigo-800 ring-1 ring-slate-300 ring-inset hover:bg-indigo-50 hover:ring-indigo-300 focus-visible:outline-offset-2 dark:bg-slate-900 dark:text-indigo-200 dark:ring-slate-600 dark:hover:bg-indigo-950 dark:hover:ring-indigo-600 ${FOCUS_RING}`}
            >
              {tag}
            </Link>
          </li>
        ))}
    </ul>
  );
}
