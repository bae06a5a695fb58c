import type { ReactNode } from "react";
import type { TrustLabel } from "@/lib/metadata/pki/trust";
import { describeTrustLabel } from "@/lib/metadata/pki/trust-policy";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ShieldAlertIcon, ShieldCheckIcon, ShieldIcon } from "@/components/ui/icons";

const APPEARANCE: Record<TrustLabel, { tone: BadgeTone; icon: ReactNode }> = {
  trusted: { tone: "green", icon: <ShieldCheckIcon className="size-3.5" /> },
  "self-signed": { tone: "amber", icon: <ShieldIcon className="size-3.5" /> },
  "unknown-ca": { tone: "amber", icon: <ShieldIcon className="size-3.5" /> },
  expired: { tone: "red", icon: <ShieldAlertIcon className="size-3.5" /> },
  "not-yet-valid": { tone: "red", icon: <ShieldAlertIcon className="size-3.5" /> },
  revoked: { tone: "red", icon: <ShieldAlertIcon className="size-3.5" /> },
};

/** The signing certificate's trust label, worded as everywhere else (describeTrustLabel). */
export function TrustBadge({ label }: { label: TrustLabel }) {
  const { tone, icon } = APPEARANCE[label];
  const words = describeTrustLabel(label);
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return (
    <Badge tone={tone} icon={icon} title={`Signing certificate: ${words}`}>
      <span className="sr-only">Signing certificate: </span>
      {text}
    </Badge>
  );
}
