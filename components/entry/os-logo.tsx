import { LogoMark } from "@/components/ui/icons";

interface OsMark {
  text: string;
  className: string;
}

/** Matched as the original did: a case-insensitive substring of slterms:os, first match wins. */
const MARKS: Array<[RegExp, OsMark]> = [
  [/centos/i, { text: "C", className: "bg-purple-700" }],
  [/ubuntu/i, { text: "U", className: "bg-orange-700" }],
  [/scientific|^sl\b|\bsl\d/i, { text: "SL", className: "bg-blue-800" }],
  [/fedora/i, { text: "F", className: "bg-sky-700" }],
  [/debian/i, { text: "D", className: "bg-rose-700" }],
  [/alma/i, { text: "A", className: "bg-slate-800" }],
  [/rocky/i, { text: "R", className: "bg-emerald-700" }],
  [/windows/i, { text: "W", className: "bg-cyan-700" }],
];

/** A tile for the operating system: its initials in its usual colour, else the Marketplace mark. */
export function OsLogo({ os }: { os?: string }) {
  const match = os ? MARKS.find(([pattern]) => pattern.test(os))?.[1] : undefined;
  const initial = os?.match(/[\p{L}\p{N}]/u)?.[0]?.toUpperCase();
  const mark = match ?? (initial ? { text: initial, className: "bg-slate-700" } : undefined);
  return (
    <div
      role="img"
      aria-label={os ? `Operating system: ${os}` : "No operating system given"}
      className={`flex size-12 shrink-0 items-center justify-center rounded-xl text-lg font-bold text-white sm:size-16 sm:text-xl ${mark?.className ?? "bg-indigo-600"}`}
    >
      {mark ? <span aria-hidden="true">{mark.text}</span> : <LogoMark className="size-8" />}
    </div>
  );
}
