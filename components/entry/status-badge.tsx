import type { EntryStatus } from "@/lib/entries/status";
import { Badge } from "@/components/ui/badge";
import { BanIcon, ClockIcon } from "@/components/ui/icons";

/** Shown only for entries a site should no longer run: expired or deprecated. */
export function StatusBadge({ status }: { status?: EntryStatus }) {
  if (status === "deprecated") {
    return (
      <Badge tone="red" icon={<BanIcon className="size-3.5" />}>
        Deprecated
      </Badge>
    );
  }
  if (status === "expired") {
    return (
      <Badge tone="slate" icon={<ClockIcon className="size-3.5" />}>
        Expired
      </Badge>
    );
  }
  return null;
}
