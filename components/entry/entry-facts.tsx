import type { ReactNode } from "react";
import type { EntryDetail } from "@/lib/entries/types";
import { formatBytes, groupDigits } from "@/components/format";
import { metadataPath } from "@/lib/entries/entry-urls";
import { Card, CardHeading } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { TextLink } from "@/components/ui/text-link";
import { ChecksumList } from "./checksum-list";
import { LocationList } from "./location-list";

interface Fact {
  label: string;
  value: ReactNode;
  emphasis?: boolean;
}

/** The element table of the original detail page, in its order, with only the values present. */
export function EntryFacts({ entry }: { entry: EntryDetail }) {
  const m = entry.metadata;
  const os = [m.os, m.osVersion && `v${m.osVersion}`, m.osArch].filter(Boolean).join(" ");
  const facts: Array<Fact | false | "" | undefined> = [
    m.deprecated !== undefined && { label: "Deprecated", value: m.deprecated || "yes (no reason given)", emphasis: true },
    {
      label: "Identifier",
      value: (
        <span className="flex items-center gap-1">
          <code className="font-mono text-[0.8125rem] break-all">{m.identifier}</code>
          <CopyButton value={m.identifier} label="Copy identifier" />
        </span>
      ),
    },
    m.type !== undefined && { label: "Type", value: m.type },
    m.kind && { label: "Kind", value: m.kind },
    m.format && { label: "Format", value: m.format },
    os && { label: "OS", value: os },
    m.version && { label: "Version", value: m.version },
    m.created && { label: "Created", value: <DateTime value={m.created} withSeconds /> },
    m.valid && {
      label: "Valid",
      value: (
        <>
          <DateTime value={m.valid} withSeconds />
          {entry.status === "expired" ? <span className="text-slate-500 dark:text-slate-400"> (expired)</span> : null}
        </>
      ),
    },
    m.hypervisor && { label: "Hypervisor", value: m.hypervisor },
    m.publisher && { label: "Publisher", value: m.publisher },
    m.creator && { label: "Creator", value: m.creator },
    m.compression && { label: "Compression", value: m.compression },
    {
      label: "Bytes",
      value: (
        <>
          {formatBytes(m.bytes)} <span className="text-slate-500 dark:text-slate-400">({groupDigits(m.bytes)} bytes)</span>
        </>
      ),
    },
    m.checksums.length > 0 && { label: m.checksums.length > 1 ? "Checksums" : "Checksum", value: <ChecksumList checksums={m.checksums} /> },
    m.locations.length > 0 && {
      label: m.locations.length > 1 ? "Locations" : "Location",
      value: <LocationList locations={m.locations} checks={entry.locationChecks} />,
    },
    m.replaces && { label: "Replaces", value: <ImageLink identifier={m.replaces} /> },
    m.isReplacedBy && { label: "Replaced by", value: <ImageLink identifier={m.isReplacedBy} /> },
    m.isVersionOf && { label: "Version of", value: <ImageLink identifier={m.isVersionOf} /> },
  ];

  return (
    <Card as="section" aria-labelledby="facts-heading" className="overflow-hidden">
      <CardHeading id="facts-heading">Metadata</CardHeading>
      <table className="w-full table-fixed text-sm">
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {facts
            .filter((fact): fact is Fact => Boolean(fact))
            .map((fact) => (
              <tr key={fact.label}>
                <th
                  scope="row"
                  className={`w-28 py-2.5 pr-3 pl-4 text-left align-top sm:w-36 sm:pl-5 ${fact.emphasis ? "font-bold text-red-700 dark:text-red-400" : "font-medium text-slate-500 dark:text-slate-400"}`}
                >
                  {fact.label}
                </th>
                <td
                  className={`py-2.5 pr-4 align-top wrap-anywhere sm:pr-5 ${fact.emphasis ? "font-bold text-red-700 dark:text-red-400" : "text-slate-800 dark:text-slate-200"}`}
                >
                  {fact.value}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </Card>
  );
}

function ImageLink({ identifier }: { identifier: string }) {
  return (
    <TextLink href={`${metadataPath(identifier)}?status=all`} underline="always" className="font-mono text-[0.8125rem] break-all">
      {identifier}
    </TextLink>
  );
}
