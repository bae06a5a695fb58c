import Link from "next/link";
import type { EntryDetail, EntrySummary } from "@/lib/entries/types";
import { entryPath, metadataPath } from "@/lib/entries/entry-urls";
import { DateTime } from "@/components/ui/date-time";
import { EmailAddress } from "@/components/ui/email-address";
import { AlertIcon, BanIcon } from "@/components/ui/icons";
import { supersedingEntry } from "@/lib/entries/supersession";

const LINK =
  "font-semibold underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-current";

/**
 * At the top of an entry page: the entry deprecates its image, or a newer entry (or a deprecation)
 * by the same endorser replaces it. Old addresses are bookmarked and linked from elsewhere, so the
 * page itself must say it is not the one to use.
 */
export function SupersessionBanner({ entry, related, now }: { entry: EntryDetail; related: EntrySummary[]; now?: number }) {
  const supersession = supersedingEntry(entry, related);
  if (supersession) {
    const { newer, deprecates } = supersession;
    return (
      <Banner tone={deprecates ? "red" : "amber"} testId="superseded-banner">
        {deprecates ? (
          <>
            <strong className="font-semibold">
              <EmailAddress email={entry.email} /> deprecated this image
            </strong>{" "}
            on <DateTime value={newer.created} />
            {newer.deprecated ? <>: {newer.deprecated}</> : null}.{" "}
            <Link href={entryPath(newer)} className={LINK}>
              See the deprecating entry
            </Link>
          </>
        ) : (
          <>
            <strong className="font-semibold">A newer entry replaces this one:</strong> <EmailAddress email={entry.email} /> endorsed this
            image again on <DateTime value={newer.created} />.{" "}
            <Link href={entryPath(newer)} className={LINK}>
              See the newer entry
            </Link>
          </>
        )}
      </Banner>
    );
  }
  const replacement = entry.metadata.isReplacedBy;
  if (entry.status === "deprecated") {
    return (
      <Banner tone="red" testId="deprecated-banner">
        <strong className="font-semibold">Deprecated:</strong> {entry.metadata.deprecated || "no reason given"}. Do not start new machines
        from this image.
        {replacement ? (
          <>
            {" "}
            <span data-testid="replaced-by">
              Replaced by{" "}
              <Link href={`${metadataPath(replacement)}?status=all`} className={`${LINK} font-mono`}>
                {replacement}
              </Link>
              .
            </span>
          </>
        ) : null}
      </Banner>
    );
  }
  if (entry.status === "expired" && entry.metadata.valid) {
    return (
      <Banner tone="amber" testId="expired-banner">
        <strong className="font-semibold">Expired</strong> on <DateTime value={entry.metadata.valid} />: its endorser no longer vouches for
        this image.
        {replacement ? (
          <>
            {" "}
            Replaced by{" "}
            <Link href={`${metadataPath(replacement)}?status=all`} className={`${LINK} font-mono`}>
              {replacement}
            </Link>
            .
          </>
        ) : null}
      </Banner>
    );
  }
  const valid = entry.metadata.valid ? Date.parse(entry.metadata.valid) : NaN;
  if (entry.status === "valid" && now !== undefined && valid - now < EXPIRY_WARNING_DAYS * DAY_MS) {
    return (
      <Banner tone="amber" testId="expiring-banner">
        <strong className="font-semibold">Expires soon:</strong> valid until <DateTime value={entry.metadata.valid!} />.
      </Banner>
    );
  }
  return null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** An entry this close to its end of validity says so at the top (given the page's `now`). */
const EXPIRY_WARNING_DAYS = 30;

function Banner({ tone, testId, children }: { tone: "red" | "amber"; testId: string; children: React.ReactNode }) {
  const colours =
    tone === "red"
      ? "bg-red-50 text-red-900 ring-red-600/30 dark:bg-red-950/60 dark:text-red-100 dark:ring-red-400/40"
      : "bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-400/40";
  const Icon = tone === "red" ? BanIcon : AlertIcon;
  return (
    <div
      role="note"
      data-testid={testId}
      className={`mb-6 flex gap-2 rounded-md p-3 text-sm wrap-anywhere ring-1 ring-inset sm:p-4 ${colours}`}
    >
      <Icon className="mt-0.5 size-4 shrink-0" />
      <p className="min-w-0">{children}</p>
    </div>
  );
}
