/** What the listing did with address parameters it could not use: said, so a typo is not silently ignored. */
export function ParameterNotices({ notices }: { notices: string[] }) {
  if (notices.length === 0) return null;
  return (
    <div
      role="status"
      className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-600/30 ring-inset dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-400/30"
    >
      <ul className="space-y-1">
        {notices.map((notice) => (
          <li key={notice} className="break-words">
            {notice.charAt(0).toUpperCase() + notice.slice(1)}
          </li>
        ))}
      </ul>
    </div>
  );
}
