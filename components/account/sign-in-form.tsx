"use client";

import { AccountForm } from "./account-form";
import type { FormAction, FormState } from "./form-state";

/** Email + password; an unverified account is offered a new verification link right below. */
export function SignInForm({
  signIn,
  resend,
  next,
  initial,
}: {
  signIn: FormAction;
  resend: FormAction;
  next: string;
  initial?: FormState;
}) {
  return (
    <AccountForm
      action={signIn}
      label="Sign in with email and password"
      hidden={{ next }}
      initial={initial}
      submitLabel="Sign in"
      fields={[
        { name: "email", label: "Email", type: "email", autoComplete: "email", required: true, maxLength: 254 },
        { name: "password", label: "Password", type: "password", autoComplete: "current-password", required: true, maxLength: 256 },
      ]}
      after={(state) =>
        state.code === "unverified" ? (
          <AccountForm
            action={resend}
            label="Send a new verification link"
            variant="secondary"
            hidden={{ email: state.values?.email ?? "" }}
            submitLabel="Send a new verification link"
            fields={[]}
          />
        ) : null
      }
    />
  );
}
