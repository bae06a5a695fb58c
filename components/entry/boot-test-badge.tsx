import type { ImageBootTest } from "@/lib/build/build-status";
import { Badge } from "@/components/ui/badge";
import { AlertIcon, CheckIcon } from "@/components/ui/icons";

const AGENTS: Record<string, string> = { stratuslab: "a _STRATUSLAB disk", "cloud-init": "a cloud-init seed" };

/**
 * "Boots and contextualizes": this Marketplace built the image with these very checksums and booted it
 * once under QEMU with the context disks its agents read (issue 10's boot test). Said of the bytes, so
 * it holds for any entry that signs them.
 */
export function BootTestBadge({ test }: { test: ImageBootTest }) {
  const disks = test.context.map((agent) => AGENTS[agent] ?? agent).join(" and ");
  const how = `built here and booted under QEMU${disks ? ` with ${disks}` : ""} on ${test.at.toISOString().slice(0, 10)}`;
  return test.passed ? (
    <Badge
      tone="green"
      icon={<CheckIcon className="size-3.5" />}
      title={`This exact image was ${how}: ready after ${Math.round(test.seconds)} s`}
    >
      <span className="sr-only">Built and boot-tested here: </span>
      {test.context.length > 0 ? "Boots and contextualizes" : "Boots"}
    </Badge>
  ) : (
    <Badge tone="red" icon={<AlertIcon className="size-3.5" />} title={`This exact image was ${how}, and did not come up`}>
      Boot test failed
    </Badge>
  );
}
