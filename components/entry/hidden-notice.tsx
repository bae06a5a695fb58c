import { DateTime } from "@/components/ui/date-time";
import { BanIcon } from "@/components/ui/icons";
import { toMetadataDate } from "@/components/admin/fields";

/** A hidden entry: what visitors get instead of the page (with 410), and what moderators see above it. */
export function HiddenNotice({ reason, at, by }: { reason: string; at: string; by?: string | null }) {
  return (
    <div
      role="note"
      data-testid="hidden-notice"
      className="mb-6 flex gap-2 rounded-md bg-slate-100 p-3 text-sm wrap-anywhere text-slate-900 ring-1 ring-slate-400/40 ring-inset sm:p-4 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-500/40"
    >
      <BanIcon className="mt-0.5 size-4 shrink-0" />
      <p className="min-w-0">
        <strong className="font-semibold">Hidden by a moderator</strong> on <DateTime value={toMetadataDate(at)} />
        {by ? <> ({by})</> : null}: {reason}
      </p>
    </div>
  );
}
