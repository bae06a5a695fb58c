import type { ListQuery } from "@/lib/entries/list-query-core";
import { feedPath, subscribePath } from "@/lib/entries/feed-urls";

/**
 * The listing's Atom feeds, with its filters (lib/entries/feed-urls.ts): visible links under the
 * results, and a `<link rel="alternate">` that React hoists into the head, where feed readers look.
 */
export function FeedLinks({ query }: { query: ListQuery }) {
  const link = "underline decoration-slate-300 underline-offset-2 hover:text-slate-900 dark:decoration-slate-600 dark:hover:text-slate-100";
  return (
    <p className="text-sm text-slate-600 dark:text-slate-400">
      <link rel="alternate" type="application/atom+xml" title="New appliances in this listing" href={feedPath("new", query)} />
      Follow this listing (Atom):{" "}
      <a className={link} href={feedPath("new", query)}>
        new
      </a>
      {" · "}
      <a className={link} href={feedPath("deprecated", query)}>
        deprecated
      </a>
      {" · "}
      <a className={link} href={feedPath("expiring", query)}>
        ending within 30 days
      </a>
      {" · or "}
      <a className={link} href={subscribePath(query)}>
        subscribe by email or webhook
      </a>
    </p>
  );
}
