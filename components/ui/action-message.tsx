/** The result line of a server action's form: announced, and coloured by outcome (with words, not colour alone). */
export function ActionMessage({ state }: { state: { ok: boolean; message: string } | undefined }) {
  return (
    <p role="status" aria-live="polite" className="text-sm">
      {state ? (
        <span className={state.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
          {state.ok ? "Done: " : "Not done: "}
          {state.message}
        </span>
      ) : null}
    </p>
  );
}
