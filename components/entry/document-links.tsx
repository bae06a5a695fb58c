import { entryPath } from "@/lib/entries/entry-urls";
import type { EntryKey } from "@/lib/entries/types";
import { buttonClass } from "@/components/ui/button";
import { DownloadIcon } from "@/components/ui/icons";

// Plain links, not Next <Link>s: both answers are attachments, not pages.
const BUTTON = buttonClass({ variant: "secondary", size: "xs", className: "font-mono" });

/** The original's two buttons: the signed XML and the RDF/JSON of this entry, both sent as attachments. */
export function DocumentLinks({ entryKey }: { entryKey: EntryKey }) {
  const path = entryPath(entryKey);
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
