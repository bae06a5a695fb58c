/** What an account form's server action answers, shown by AccountForm (plain data: it crosses to the browser). */
export interface FormState {
  status: "idle" | "error" | "done";
  message?: string;
  /** The field the message is about, for aria-invalid and focus. */
  field?: string;
  /** A refusal reason the form reacts to (sign-in: "unverified" offers a new link). */
  code?: string;
  /** The values to put back into the fields after an error (never passwords). */
  values?: Record<string, string>;
}

export const IDLE: FormState = { status: "idle" };

export type FormAction = (state: FormState, formData: FormData) => Promise<FormState>;
