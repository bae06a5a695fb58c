import { FOCUS_RING } from "@/components/ui/focus-ring";

/**
 * A shell command as it must be typed: never wrapped mid-token (a phone would break an option or a URL
 * in two), scrolled sideways inside its box instead, reachable by keyboard for that.
 */
export function CommandBlock({ command, label = "Command" }: { command: string; label?: string }) {
  return (
    <pre
      tabIndex={0}
      aria-label={label}
      className={`mt-2 max-w-full overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre text-slate-100 ring-1 ring-slate-700 focus-visible:outline-offset-2 dark:bg-slate-950 ${FOCUS_RING}`}
    >
      <code>{command}</code>
    </pre>
  );
}
