import { downloadUrl } from "@/lib/entries/status";
import { textLinkClass } from "@/components/ui/text-link";

/** Every location; only http(s) ones become links, anything else (pdisk:, ftp:, …) stays text. */
export function LocationList({ locations }: { locations: string[] }) {
  return (
    <ul className="space-y-1">
      {locations.map((location, index) => {
        const href = downloadUrl(location);
        return (
          <li key={`${location}-${index}`} className="font-mono text-[0.8125rem] wrap-anywhere">
            {href ? (
              <a href={href} rel="nofollow noopener noreferrer" className={textLinkClass({ underline: "always" })}>
                {location}
              </a>
            ) : (
              <span className="text-slate-800 dark:text-slate-200">{location}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
