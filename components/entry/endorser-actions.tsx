import { Button } from "@/components/ui/button";
import { Card, CardHeading } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { CommandBlock } from "@/components/upload/command-block";
import { UploadForm } from "@/components/upload/upload-form";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/admin/fields";
import { revisionCommands } from "@/lib/entries/revision-commands";

const PRESETS = [
  { months: "3", label: "3 months" },
  { months: "6", label: "6 months" },
  { months: "12", label: "12 months" },
];

/**
 * For the endorser of the entry only (the page decides; the revision resource checks again): prepare
 * the next version, deprecated or valid longer, as an unsigned file to download; sign it with the CLI;
 * upload the signed file here. The forms post to the JSON API's revision resource, which answers the
 * file as an attachment, so the page stays as it is.
 */
export function EndorserActions({
  revisionPath,
  identifier,
  endpoint,
  maxUploadBytes,
  deprecated,
}: {
  revisionPath: string;
  identifier: string;
  endpoint: string;
  maxUploadBytes: number;
  deprecated: boolean;
}) {
  const deprecateCommands = revisionCommands(`${identifier}-deprecated-unsigned.xml`, endpoint);
  const validCommands = revisionCommands(`${identifier}-valid-unsigned.xml`, endpoint);
  return (
    <Card as="section" aria-labelledby="endorser-actions-heading" className="mt-6 overflow-hidden" data-testid="endorser-actions">
      <CardHeading id="endorser-actions-heading">Manage this entry</CardHeading>
      <div className="space-y-6 p-4 sm:p-5">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          You are the endorser of this entry. A change is a new entry that you sign: download the prepared file, sign it with your
          certificate, and upload the signed file below.
        </p>

        <div className="grid grid-cols-1 divide-y divide-slate-100 dark:divide-slate-800 [&>*:not(:first-child)]:pt-6 [&>*:not(:last-child)]:pb-6">
          {deprecated ? null : (
            <form method="POST" action={revisionPath} className="space-y-3" aria-labelledby="deprecate-heading">
              <h3 id="deprecate-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
                Deprecate
              </h3>
              <input type="hidden" name="action" value="deprecate" />
              <div>
                <label htmlFor="deprecate-reason" className={LABEL_CLASS}>
                  Reason
                </label>
                <textarea id="deprecate-reason" name="reason" required maxLength={1000} rows={3} className={INPUT_CLASS} />
              </div>
              <div>
                <label htmlFor="deprecate-replaced-by" className={LABEL_CLASS}>
                  Replaced by <span className="font-normal text-slate-500 dark:text-slate-400">(optional image identifier)</span>
                </label>
                <input
                  id="deprecate-replaced-by"
                  name="replacedBy"
                  type="text"
                  pattern="[A-Za-z0-9_\-]{27}"
                  title="27 characters of A-Z, a-z, 0-9, _ and -"
                  autoComplete="off"
                  spellCheck={false}
                  className={`${INPUT_CLASS} font-mono`}
                />
              </div>
              <Button type="submit" variant="secondary" size="sm">
                Download the deprecation to sign
              </Button>
              <Commands commands={deprecateCommands} />
            </form>
          )}

          <form method="POST" action={revisionPath} className="space-y-3" aria-labelledby="validity-heading">
            <h3 id="validity-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
              Extend the validity
            </h3>
            <input type="hidden" name="action" value="valid" />
            <fieldset>
              <legend className={LABEL_CLASS}>Valid for</legend>
              <div className="flex flex-wrap gap-x-4 gap-y-2">
                {PRESETS.map((preset, index) => (
                  <label key={preset.months} className="flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300">
                    <input type="radio" name="months" value={preset.months} defaultChecked={index === 1} className="accent-indigo-600" />
                    {preset.label}
                  </label>
                ))}
              </div>
            </fieldset>
            <div>
              <label htmlFor="valid-until" className={LABEL_CLASS}>
                Or until <span className="font-normal text-slate-500 dark:text-slate-400">(a date wins over the months)</span>
              </label>
              <input id="valid-until" name="until" type="date" className={INPUT_CLASS} />
            </div>
            <Button type="submit" variant="secondary" size="sm">
              Download the new validity to sign
            </Button>
            <Commands commands={validCommands} />
          </form>
        </div>

        <section aria-labelledby="signed-upload-heading" className="space-y-2">
          <h3 id="signed-upload-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
            Upload the signed file
          </h3>
          <UploadForm maxBytes={maxUploadBytes} />
        </section>
      </div>
    </Card>
  );
}

function Commands({ commands }: { commands: { sign: string; upload: string } }) {
  return (
    <div className="space-y-2 text-sm text-slate-600 dark:text-slate-400">
      <p>Then sign it and upload it (or use the upload box below):</p>
      {[
        { label: "Sign command", command: commands.sign },
        { label: "Upload command", command: commands.upload },
      ].map(({ label, command }) => (
        <div key={label} className="flex items-start gap-1">
          <div className="min-w-0 flex-1">
            <CommandBlock command={command} label={label} />
          </div>
          <div className="mt-3">
            <CopyButton value={command} label={`Copy the ${label.toLowerCase()}`} />
          </div>
        </div>
      ))}
    </div>
  );
}
