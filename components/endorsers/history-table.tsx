import { describeHistoryRange, type HistoryRange } from "@/lib/entries/history-range";
import type { HistoryItem } from "@/lib/entries/types";
import { entryPath } from "@/lib/entries/entry-urls";
import { DateTime } from "@/components/ui/date-time";
import { Card, EmptyNotice } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { LocationList } from "@/components/entry/location-list";

/**
 * An endorser's uploads in the chosen range, newest first: a table from tablets (768 px) up, where
 * four columns fit; a list of rows on phones and small tablets (only one of the two is displayed, so
 * assistive tech meets it once).
 */
export function HistoryTable({ items, range }: { items: HistoryItem[]; range: HistoryRange }) {
  if (items.length === 0) {
    return <EmptyNotice>{range === "all" ? "Nothing endorsed." : `Nothing endorsed in ${describeHistoryRange(range)}.`}</EmptyNotice>;
  }
  const sorted = [...items].sort((a, b) => b.created.localeCompare(a.created));
  return (
    <>
      <Card as="ul" className="divide-y divide-slate-100 md:hidden dark:divide-slate-800">
        {sorted.map((item) => (
          <li key={`${item.identifier}/${item.created}`} className="space-y-1 px-4 py-3 text-sm">
            <Identifier item={item} />
            <div className="text-slate-700 dark:text-slate-300">
              <DateTime value={item.created} />
            </div>
            {item.locations.length > 0 ? <LocationList locations={item.locations} /> : null}
            <Deprecated item={item} />
          </li>
        ))}
      </Card>
      <Card className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">
            {range === "all" ? "All entries endorsed, newest first" : `Entries endorsed in ${describeHistoryRange(range)}, newest first`}
          </caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-700 dark:bg-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-3">
                Identifier
              </th>
              <th scope="col" className="px-4 py-3">
                Created
              </th>
              <th scope="col" className="px-4 py-3">
                Location
              </th>
              <th scope="col" className="px-4 py-3">
                Deprecated
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {sorted.map((item) => (
              <tr key={`${item.identifier}/${item.created}`} className="align-top">
                <td className="px-4 py-3">
                  <Identifier item={item} inTable />
                </td>
                <td className="px-4 py-3 whitespace-nowrap text-slate-800 dark:text-slate-200">
                  <DateTime value={item.created} />
                </td>
                <td className="w-full min-w-48 px-4 py-3">
                  {item.locations.length > 0 ? (
                    <LocationList locations={item.locations} />
                  ) : (
                    <span className="text-slate-500 dark:text-slate-400">none</span>
                  )}
                </td>
                <td className="px-4 py-3">
                  <Deprecated item={item} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}

/**
 * Identifiers are 27 characters: in the table they keep their column whole (the location column
 * wraps instead); in the phone list they wrap only where the line ends.
 */
function Identifier({ item, inTable = false }: { item: HistoryItem; inTable?: boolean }) {
  return (
    <>
      <TextLink href={entryPath(item)} className={`font-mono text-[0.8125rem] ${inTable ? "whitespace-nowrap" : "wrap-anywhere"}`}>
        {item.identifier}
      </TextLink>
      {item.title ? <div className="mt-0.5 wrap-anywhere text-slate-600 dark:text-slate-400">{item.title}</div> : null}
    </>
  );
}

function Deprecated({ item }: { item: HistoryItem }) {
  if (item.deprecated === undefined) return null;
  return (
    <div className="font-bold wrap-anywhere text-red-700 dark:text-red-400">Deprecated{item.deprecated ? `: ${item.deprecated}` : ""}</div>
  );
}
