import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { INPUT_CLASS, LABEL_CLASS } from "./fields";

/** The audit log's filters: a GET form, so a filtered view is a link to share. */
export function AuditFilters({ actions, values }: { actions: readonly string[]; values: Record<string, string> }) {
  return (
    <Card as="div" className="mb-4 p-4 sm:p-5">
      <form
        method="GET"
        action="/admin/audit"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] lg:items-end"
      >
        <div>
          <label htmlFor="audit-action" className={LABEL_CLASS}>
            Action
          </label>
          <select id="audit-action" name="action" defaultValue={values.action ?? ""} className={INPUT_CLASS}>
            <option value="">Any action</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-actor" className={LABEL_CLASS}>
            Actor
          </label>
          <input
            id="audit-actor"
            name="actor"
            type="text"
            defaultValue={values.actor ?? ""}
            placeholder="email, system or visitor"
            className={INPUT_CLASS}
          />
        </div>
        <div>
          <label htmlFor="audit-since" className={LABEL_CLASS}>
            From
          </label>
          <input id="audit-since" name="since" type="date" defaultValue={values.since ?? ""} className={INPUT_CLASS} />
        </div>
        <div>
          <label htmlFor="audit-until" className={LABEL_CLASS}>
            To
          </label>
          <input id="audit-until" name="until" type="date" defaultValue={values.until ?? ""} className={INPUT_CLASS} />
        </div>
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-1">
          <Button type="submit" size="sm">
            Filter
          </Button>
          <TextLink href="/admin/audit" className="text-sm">
            Clear
          </TextLink>
        </div>
      </form>
    </Card>
  );
}
