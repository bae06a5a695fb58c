import { OUTCOME_LABELS, type LocationCheck, type LocationOutcome } from "@/lib/entries/integrity";
import { downloadUrl } from "@/lib/entries/status";
import { textLinkClass } from "@/components/ui/text-link";

const OUTCOME_CLASS: Record<LocationOutcome, string> = {
  verified: "text-emerald-800 dark:text-emerald-300",
  reachable: "text-slate-600 dark:text-slate-400",
  unreachable: "text-amber-900 dark:text-amber-200",
  "size-mismatch": "text-red-800 dark:text-red-300",
  "checksum-mismatch": "text-red-800 dark:text-red-300",
};

/**
 * Every location; only http(s) ones become links, anything else (pdisk:, ftp:, …) stays text. With the
 * integrity monitor's `checks`, each checked location says what its last check found, and when.
 */
export function LocationList({ locations, checks = [] }: { locations: string[]; checks?: LocationCheck[] }) {
  const byLocation = new Map(checks.map((check) => [check.location, check]));
  return (
    <ul className="space-y-1">
      {locations.map((location, index) => {
        const href = downloadUrl(location);
        const check = byLocation.get(location);
        return (
          <li key={`${location}-${index}`} className="font-mono text-[0.8125rem] wrap-anywhere">
            {href ? (
              <a href={href} rel="nofollow noopener noreferrer" className={textLinkClass({ underline: "always" })}>
                {location}
              </a>
            ) : (
              <span className="text-slate-800 dark:text-slate-200">{location}</span>
            )}
            {check ? <CheckLine check={check} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function CheckLine({ check }: { check: LocationCheck }) {
  const when = check.checkedAt.slice(0, 16).replace("T", " ");
  const verified = check.outcome !== "verified" && check.verifiedAt ? `; last verified ${check.verifiedAt.slice(0, 10)}` : "";
  return (
    <p data-testid="location-check" data-outcome={check.outcome} className={`mt-0.5 font-sans text-xs ${OUTCOME_CLASS[check.outcome]}`}>
      <span className="font-semibold">{OUTCOME_LABELS[check.outcome]}</span>: {check.detail}{" "}
      <span className="text-slate-500 dark:text-slate-400">
        (checked {when} UTC{verified})
      </span>
    </p>
  );
}
