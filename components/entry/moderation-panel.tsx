"use client";

import { useActionState } from "react";
import { ActionMessage } from "@/components/ui/action-message";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/admin/fields";
import { Button } from "@/components/ui/button";
import { Card, CardHeading } from "@/components/ui/card";

type State = { ok: boolean; message: string } | undefined;
type Action = (previous: State, form: FormData) => Promise<State>;

/**
 * For moderators and admins on an entry page: hide the entry (reason required) or show it again. The
 * actions check the role themselves; the page only decides whether to render this.
 */
export function ModerationPanel({
  entry,
  hidden,
  hideAction,
  showAction,
}: {
  entry: { identifier: string; email: string; created: string };
  hidden: boolean;
  hideAction: Action;
  showAction: Action;
}) {
  const [hideState, hide, hiding] = useActionState(hideAction, undefined);
  const [showState, show, showing] = useActionState(showAction, undefined);
  const key = (
    <>
      <input type="hidden" name="identifier" value={entry.identifier} />
      <input type="hidden" name="email" value={entry.email} />
      <input type="hidden" name="created" value={entry.created} />
    </>
  );
  return (
    <Card as="section" aria-labelledby="moderation-heading" className="mt-6 overflow-hidden" data-testid="moderation-panel">
      <CardHeading id="moderation-heading">Moderation</CardHeading>
      <div className="space-y-3 p-4 sm:p-5">
        {hidden ? (
          <form action={show} className="space-y-2">
            {key}
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Visitors get “410 Gone” with the reason. Showing it puts it back in every listing.
            </p>
            <Button type="submit" size="sm" disabled={showing}>
              {showing ? "Showing…" : "Show again"}
            </Button>
            <ActionMessage state={showState} />
          </form>
        ) : (
          <form action={hide} className="space-y-2">
            {key}
            <div>
              <label htmlFor="hide-reason" className={LABEL_CLASS}>
                Reason for hiding <span className="font-normal text-slate-500 dark:text-slate-400">(shown to visitors)</span>
              </label>
              <textarea id="hide-reason" name="reason" required minLength={1} maxLength={1000} rows={2} className={INPUT_CLASS} />
            </div>
            <p className="text-xs text-slate-500 dark:text-slate-400">
              The entry leaves every listing and its addresses answer “410 Gone”. Its signed document is kept as it is.
            </p>
            <Button type="submit" size="sm" variant="secondary" disabled={hiding}>
              {hiding ? "Hiding…" : "Hide this entry"}
            </Button>
            <ActionMessage state={hideState} />
          </form>
        )}
      </div>
    </Card>
  );
}
