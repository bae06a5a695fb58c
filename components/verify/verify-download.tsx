import { verifyCommand } from "@/lib/entries/verify-command";
import type { MetadataEntry } from "@/lib/metadata/model";
import { CopyButton } from "@/components/ui/copy-button";
import { Card } from "@/components/ui/card";

/**
 * "Check your download": the line that compares a downloaded image with the entry's strongest
 * checksum, ready to copy. Long lines scroll inside their box instead of widening the page.
 */
export function VerifyDownload({ metadata }: { metadata: Pick<MetadataEntry, "checksums" | "locations" | "compression"> }) {
  const verify = verifyCommand(metadata);
  if (!verify) return null;
  return (
    <Card as="section" aria-labelledby="verify-heading" className="mt-6 min-w-0 p-4 sm:p-5">
      <h2 id="verify-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
        Check your download
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        In the directory of the downloaded file, run this line: it prints <code className="font-mono">OK</code> when the file is the one
        this entry describes ({verify.algorithm}
        {verify.decompress ? ", of the uncompressed image" : ""}). Searching the Marketplace for a checksum also finds its entry.
      </p>
      <div className="mt-3 flex min-w-0 items-start gap-2 rounded-md bg-slate-900 p-3">
        <pre
          className="min-w-0 flex-1 overflow-x-auto text-[0.8125rem] leading-relaxed text-slate-100"
          tabIndex={0}
          aria-label="Command to check the download"
        >
          <code>{verify.command}</code>
        </pre>
        <CopyButton value={verify.command} label="Copy the command" />
      </div>
    </Card>
  );
}
