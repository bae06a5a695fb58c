import type { UploadProblem } from "./upload-response";

/** Every problem the server found, in the order its checks ran: what is wrong and where. */
export function ProblemList({ problems }: { problems: UploadProblem[] }) {
  return (
    <ol className="mt-3 list-decimal space-y-2 pl-5">
      {problems.map((problem, index) => (
        <li key={`${problem.code}-${index}`} className="pl-1">
          <span className="text-slate-900 dark:text-slate-100">{problem.message}</span>
          {problem.element ? (
            <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">
              at <code className="font-mono break-all text-slate-800 dark:text-slate-200">{problem.element}</code>
            </span>
          ) : null}
          <span className="mt-0.5 block font-mono text-xs text-slate-500 dark:text-slate-400">{problem.code}</span>
        </li>
      ))}
    </ol>
  );
}
