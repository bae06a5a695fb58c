import Link from "next/link";

const LABELS: Record<string, string> = {
  image: "Image",
  location: "Location",
  base: "Base",
  software: "Software",
  build: "Build",
  metadata: "Description",
  sign: "Sign and publish",
};

/** Where the user is in the flow; the steps before the current one link back (the browser's back button works too). */
export function StepIndicator({ draftId, steps, current }: { draftId: string; steps: readonly string[]; current: string }) {
  const at = steps.indexOf(current);
  return (
    <nav aria-label="Steps" className="mb-6">
      <ol className="flex flex-wrap gap-2 text-sm">
        {steps.map((step, index) => {
          const label = `${index + 1}. ${LABELS[step] ?? step}`;
          const style =
            index === at
              ? "bg-indigo-600 text-white"
              : index < at
                ? "bg-indigo-50 text-indigo-800 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-800"
                : "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-400";
          return (
            <li key={step}>
              {index < at ? (
                <Link href={`/create/${draftId}/${step}`} className={`inline-block rounded-full px-3 py-1 font-medium ${style}`}>
                  {label}
                </Link>
              ) : (
                <span
                  aria-current={index === at ? "step" : undefined}
                  className={`inline-block rounded-full px-3 py-1 font-medium ${style}`}
                >
                  {label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
