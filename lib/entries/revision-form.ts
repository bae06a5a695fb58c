/**
 * The entry page's deprecation and validity forms (and the same body as JSON): what the endorser asks
 * for, turned into the Revision lib/metadata/revise.ts prepares. Validity presets count months from
 * today; a date is the end of that day UTC.
 */
import { z } from "zod";
import { IDENTIFIER_PATTERN } from "@/lib/metadata/identifier";
import { DEPRECATION_REASON_MAX, type Revision } from "@/lib/metadata/revise";

export const VALIDITY_PRESETS = ["3", "6", "12"] as const;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const revisionFormSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("deprecate"),
    reason: z
      .string({ message: "give a reason" })
      .trim()
      .min(1, { message: "give a reason" })
      .max(DEPRECATION_REASON_MAX, { message: `the reason has at most ${DEPRECATION_REASON_MAX} characters` }),
    replacedBy: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(IDENTIFIER_PATTERN, { message: "“replaced by” must be an image identifier: 27 characters of A-Z, a-z, 0-9, _ and -" })
        .optional(),
    ),
  }),
  z.object({
    action: z.literal("valid"),
    months: z.preprocess(blankToUndefined, z.enum(VALIDITY_PRESETS, { message: "choose 3, 6 or 12 months, or a date" }).optional()),
    until: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "the date must be yyyy-MM-dd" })
        .optional(),
    ),
  }),
]);

export type RevisionForm = z.infer<typeof revisionFormSchema>;

/** Months later, at the same time of day (the 31st becomes the month's last day). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

/** The revision a valid form asks for; an error message when it is incomplete. */
export function toRevision(form: RevisionForm, now: Date): Revision | { error: string } {
  if (form.action === "deprecate")
    return { kind: "deprecate", reason: form.reason, ...(form.replacedBy ? { replacedBy: form.replacedBy } : {}) };
  if (form.until !== undefined) {
    const valid = new Date(`${form.until}T23:59:59Z`);
    if (Number.isNaN(valid.getTime())) return { error: "the date must be yyyy-MM-dd" };
    if (valid.getTime() <= now.getTime()) return { error: "the new validity must be a date in the future" };
    return { kind: "valid", valid };
  }
  if (form.months !== undefined)
    return { kind: "valid", valid: addMonths(new Date(Math.floor(now.getTime() / 1000) * 1000), Number(form.months)) };
  return { error: "choose 3, 6 or 12 months, or a date" };
}
