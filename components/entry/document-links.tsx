import { entryHref } from "@/components/hrefs";
import type { EntryKey } from "@/lib/entries/types";
import { DownloadIcon } from "@/components/ui/icons";

const BUTTON =
  "inline-flex items-center gap-1.5 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 py-1.5 font-mono text-sm font-semibold text-slate-800 dark:text-slate-200 shadow-xs hover:bg-slate-50 dark:hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400";

/** The original's two buttons: the signed XML and the RDF/JSON of this entry, both sent as attachments. */
export function DocumentLinks({ entryKey }: { entryKey: EntryKey }) {
  const path = entryHref(entryKey);
  return (
    <div role="group" aria-label="Download this metadata" className="flex items-center gap-2">
      <a href={`${path}?media=xml`} className={BUTTON}>
        <DownloadIcon />
        xml
        <span className="sr-only"> (signed metadata document)</span>
      </a>
      <a href={`${path}?media=json`} className={BUTTON}>
        <DownloadIcon />
        json
        <span className="sr-only"> (RDF/JSON)</span>
      </a>
    </div>
  );
}
