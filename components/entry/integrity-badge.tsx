import { INTEGRITY_MEANINGS, integrityLabel, type IntegrityStatus } from "@/lib/entries/integrity";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { AlertIcon, CheckIcon, ClockIcon } from "@/components/ui/icons";

const TONES: Record<IntegrityStatus, BadgeTone> = { verified: "green", reachable: "slate", broken: "amber", mismatch: "red" };

/**
 * The integrity monitor's verdict on the entry's image (lib/entries/integrity.ts): verified on a date,
 * a broken link, or a mismatch. Nothing before the first check: an unchecked image is not a failure.
 */
export function IntegrityBadge({ integrity }: { integrity?: { status: IntegrityStatus; checkedAt: string } }) {
  if (!integrity) return null;
  const { status, checkedAt } = integrity;
  const icon =
    status === "verified" ? (
      <CheckIcon className="size-3.5" />
    ) : status === "reachable" ? (
      <ClockIcon className="size-3.5" />
    ) : (
      <AlertIcon className="size-3.5" />
    );
  return (
    <Badge
      tone={TONES[status]}
      icon={icon}
      title={`Checked ${checkedAt.slice(0, 16).replace("T", " ")} UTC: ${INTEGRITY_MEANINGS[status]}`}
    >
      <span data-testid="integrity-badge" data-status={status}>
        {integrityLabel(status, checkedAt)}
      </span>
    </Badge>
  );
}
