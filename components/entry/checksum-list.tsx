import type { Checksum } from "@/lib/metadata/model";

/** Algorithm → hex value; long digests wrap anywhere rather than widen the page. */
export function ChecksumList({ checksums }: { checksums: Checksum[] }) {
  return (
    <dl className="grid gap-x-3 gap-y-0.5 sm:grid-cols-[auto_minmax(0,1fr)] sm:gap-y-1.5">
      {checksums.map((checksum, index) => (
        <div key={`${checksum.algorithm}-${index}`} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{checksum.algorithm}</dt>
          <dd className="mb-1.5 font-mono text-[0.8125rem] break-all text-slate-800 sm:mb-0 dark:text-slate-200">{checksum.value}</dd>
        </div>
      ))}
    </dl>
  );
}
