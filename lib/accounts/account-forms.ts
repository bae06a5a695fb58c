/**
 * What the account forms accept, checked on the server (and usable in the browser): the sign-in
 * email, a name, a password by the policy. Messages are for the person filling the form.
 */
import { z } from "zod";
import { PASSWORD_MAX, passwordProblem } from "./password-policy";

export const EMAIL_MAX = 254;
export const NAME_MAX = 100;

export const emailField = z
  .string({ message: "enter your email address" })
  .trim()
  .min(1, "enter your email address")
  .max(EMAIL_MAX, `an email address has at most ${EMAIL_MAX} characters`)
  .email("this is not an email address (it looks like name@example.org)")
  .transform((email) => email.toLowerCase());

export const nameField = z
  .string()
  .trim()
  .max(NAME_MAX, `the name has at most ${NAME_MAX} characters`)
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "the name must not contain control characters");

/** A password given to sign in: not checked by the policy (older passwords keep working), only bounded. */
export const passwordField = z
  .string({ message: "enter your password" })
  .min(1, "enter your password")
  .max(PASSWORD_MAX, `a password has at most ${PASSWORD_MAX} characters`);

export const signUpForm = z
  .object({ email: emailField, name: nameField.optional().default(""), password: z.string({ message: "choose a password" }) })
  .superRefine((form, ctx) => {
    const problem = passwordProblem(form.password, form.email);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export const signInForm = z.object({ email: emailField, password: passwordField });

export const newPasswordForm = z
  .object({ password: z.string({ message: "choose a password" }), confirm: z.string().optional() })
  .refine((form) => form.confirm === undefined || form.confirm === form.password, {
    path: ["confirm"],
    message: "the two passwords differ",
  });

/** The first problem of a failed parse, in words. */
export function firstProblem(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: String(issue?.path[0] ?? "form"), message: issue?.message ?? "the form is not valid" };
}
