import Link from "next/link";
import type { Ref } from "react";
import { entryPath } from "@/lib/entries/entry-urls";
import { TrustBadge } from "@/components/entry/trust-badge";
import { AlertIcon, ArrowRightIcon, CheckIcon } from "@/components/ui/icons";
import type { TrustLabel } from "@/lib/metadata/pki/trust";
import { ProblemList } from "./problem-list";
import type { UploadFormResult, UploadProblem } from "./upload-response";

const OUTCOMES: Record<(UploadFormResult & { kind: "stored" })["outcome"], string> = {
  created: "Metadata entry created",
  unchanged: "Already stored: nothing changed",
  pending: "Waiting for the endorser's confirmation: a mail with a confirm link went to the endorser email",
};

/** The entry's title and the signing certificate's trust label, as the listing shows them. */
function Described({ title, trust }: { title?: string; trust?: TrustLabel }) {
  if (!title && !trust) return null;
  return (
    <p className="mt-2 flex flex-wrap items-center gap-2 text-slate-900 dark:text-slate-100">
      {title ? <span className="font-semibold break-words">{title}</span> : null}
      {trust ? <TrustBadge label={trust} /> : null}
    </p>
  );
}

function Warnings({ warnings }: { warnings: UploadProblem[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="mt-4 border-t border-current/20 pt-3">
      <h3 className="font-semibold text-slate-900 dark:text-slate-100">Warnings (accepted, but worth fixing)</h3>
      <ProblemList problems={warnings} />
    </div>
  );
}

export function UploadResultPanel({ result, headingRef }: { result: UploadFormResult; headingRef: Ref<HTMLHeadingElement> }) {
  if (result.kind === "stored") {
    return (
      <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm dark:border-emerald-900 dark:bg-emerald-950/60">
        <h2
          ref={headingRef}
          tabIndex={-1}
          className="flex items-center gap-2 text-base font-semibold text-emerald-900 outline-none dark:text-emerald-100"
        >
          <CheckIcon className="size-5" />
          {OUTCOMES[result.outcome]}
        </h2>
        {result.message ? <p className="mt-1 text-emerald-900 dark:text-emerald-100">{result.message}</p> : null}
        <Described title={result.title} trust={result.trust} />
        {result.outcome === "pending" ? null : (
          <Link
            href={entryPath(result.key)}
            className="mt-2 inline-flex items-center gap-1 font-semibold break-all text-emerald-900 underline underline-offset-2 dark:text-emerald-100"
          >
            Open the entry for {result.key.identifier}
            <ArrowRightIcon />
          </Link>
        )}
        <Warnings warnings={result.warnings} />
      </div>
    );
  }
  if (result.kind === "checked") {
    const tone = result.valid
      ? "border-sky-200 bg-sky-50 dark:bg-sky-950/60 text-sky-900"
      : "border-red-200 dark:border-red-900 bg-red-50 dark:bg-red-950/60 text-red-900 dark:text-red-100";
    return (
      <div className={`rounded-lg border p-4 text-sm ${tone}`}>
        <h2 ref={headingRef} tabIndex={-1} className="flex items-center gap-2 text-base font-semibold outline-none">
          {result.valid ? <CheckIcon className="size-5" /> : <AlertIcon className="size-5" />}
          {result.valid ? "Valid: not stored (dry run)" : "Not valid (dry run)"}
        </h2>
        <p className="mt-1">{result.message}</p>
        <Described title={result.title} trust={result.trust} />
        {result.problems.length > 0 ? (
          <>
            <p className="mt-3 font-medium text-slate-900 dark:text-slate-100">
              {result.problems.length === 1 ? "1 problem" : `${result.problems.length} problems`} to fix:
            </p>
            <ProblemList problems={result.problems} />
          </>
        ) : null}
        <Warnings warnings={result.warnings} />
      </div>
    );
  }
  return (
    <div className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950/60">
      <h2
        ref={headingRef}
        tabIndex={-1}
        className="flex items-center gap-2 text-base font-semibold text-red-900 outline-none dark:text-red-100"
      >
        <AlertIcon className="size-5" />
        The upload was refused
      </h2>
      <p className="mt-1 break-words text-red-900 dark:text-red-100">{result.message}</p>
      {result.problems.length > 0 ? (
        <>
          <p className="mt-3 font-medium text-slate-900 dark:text-slate-100">
            {result.problems.length === 1 ? "1 problem" : `${result.problems.length} problems`} to fix:
          </p>
          <ProblemList problems={result.problems} />
        </>
      ) : null}
    </div>
  );
}
