import Link from "next/link";
import type { Ref } from "react";
import { entryHref } from "@/components/hrefs";
import { AlertIcon, ArrowRightIcon, CheckIcon } from "@/components/ui/icons";
import { ProblemList } from "./problem-list";
import type { UploadResult } from "./upload-response";

const OUTCOMES: Record<string, string> = {
  created: "Metadata entry created",
  unchanged: "This entry was already stored: nothing changed",
  pending: "Confirmation email sent: the entry is published once you confirm it",
};

export function UploadResultPanel({ result, headingRef }: { result: UploadResult; headingRef: Ref<HTMLHeadingElement> }) {
  if (result.kind === "stored") {
    return (
      <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm">
        <h2 ref={headingRef} tabIndex={-1} className="flex items-center gap-2 text-base font-semibold text-emerald-900 outline-none">
          <CheckIcon className="size-5" />
          {OUTCOMES[result.outcome] ?? `Upload accepted (${result.outcome})`}
        </h2>
        <Link href={entryHref(result.key)} className="mt-2 inline-flex items-center gap-1 font-semibold text-emerald-900 underline underline-offset-2">
          Open the entry for {result.key.identifier}
          <ArrowRightIcon />
        </Link>
        {result.warnings.length > 0 ? (
          <div className="mt-4 border-t border-emerald-200 pt-3">
            <h3 className="font-semibold text-slate-900">Warnings (accepted, but worth fixing)</h3>
            <ProblemList problems={result.warnings} />
          </div>
        ) : null}
      </div>
    );
  }
  return (
    <div className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm">
      <h2 ref={headingRef} tabIndex={-1} className="flex items-center gap-2 text-base font-semibold text-red-900 outline-none">
        <AlertIcon className="size-5" />
        The upload was refused
      </h2>
      <p className="mt-1 text-red-900">{result.message}</p>
      {result.problems.length > 0 ? (
        <>
          <p className="mt-3 font-medium text-slate-900">
            {result.problems.length === 1 ? "1 problem" : `${result.problems.length} problems`} to fix:
          </p>
          <ProblemList problems={result.problems} />
        </>
      ) : null}
    </div>
  );
}
